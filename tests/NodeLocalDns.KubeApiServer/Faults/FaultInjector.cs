namespace NodeLocalDns.KubeApiServer.Faults;

/// <summary>The registered faults, consulted before each request is served.</summary>
internal sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<FaultRule> rules = [];

    public IDisposable Add(FaultRule rule)
    {
        lock (gate)
        {
            rules.Add(rule);
        }

        return new FaultRegistration(() => Remove(rule));
    }

    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    public int? Check(ApiRequestInfo request)
    {
        FaultRule[] snapshot;
        lock (gate)
        {
            rules.RemoveAll(rule => rule.Exhausted);
            snapshot = [.. rules];
        }

        foreach (var rule in snapshot)
        {
            if (rule.TryFire(request) is { } code)
            {
                return code;
            }
        }

        return null;
    }

    private void Remove(FaultRule rule)
    {
        lock (gate)
        {
            rules.Remove(rule);
        }
    }
}
