namespace NodeLocalDns.KubeApiServer.Faults;

/// <summary>The registered faults, consulted before each request is served.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];

    public IDisposable Add(FaultRule rule)
    {
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return new FaultRegistration(() => Remove(rule));
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public int? Check(ApiRequestInfo request)
    {
        FaultRule[] snapshot;
        lock (_gate)
        {
            _rules.RemoveAll(rule => rule.Exhausted);
            snapshot = [.. _rules];
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
        lock (_gate)
        {
            _rules.Remove(rule);
        }
    }
}
