namespace NodeLocalDns.KubeApiServer.Faults;

/// <summary>A registered fault: decides per request whether to fail it, optionally a limited number of times.</summary>
internal sealed class FaultRule
{
    private readonly Func<ApiRequestInfo, int?> decide;
    private int remaining;

    public FaultRule(Func<ApiRequestInfo, int?> decide, int? times)
    {
        this.decide = decide;
        remaining = times ?? -1;
    }

    public bool Exhausted => Volatile.Read(ref remaining) == 0;

    /// <summary>The status code to fail with, consuming one use; null to let the request through.</summary>
    public int? TryFire(ApiRequestInfo request)
    {
        if (Exhausted)
        {
            return null;
        }

        var code = decide(request);
        if (code is null)
        {
            return null;
        }

        if (remaining < 0)
        {
            return code;
        }

        // Several requests may race for the last use; only as many as allowed win.
        while (true)
        {
            var current = Volatile.Read(ref remaining);
            if (current == 0)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref remaining, current - 1, current) == current)
            {
                return code;
            }
        }
    }
}
