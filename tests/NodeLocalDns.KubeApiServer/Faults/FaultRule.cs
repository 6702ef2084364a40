namespace NodeLocalDns.KubeApiServer.Faults;

/// <summary>A registered fault: decides per request whether to fail it, optionally a limited number of times.</summary>
internal sealed class FaultRule
{
    private readonly Func<ApiRequestInfo, int?> _decide;
    private int _remaining;

    public FaultRule(Func<ApiRequestInfo, int?> decide, int? times)
    {
        _decide = decide;
        _remaining = times ?? -1;
    }

    public bool Exhausted => Volatile.Read(ref _remaining) == 0;

    /// <summary>The status code to fail with, consuming one use; null to let the request through.</summary>
    public int? TryFire(ApiRequestInfo request)
    {
        if (Exhausted)
        {
            return null;
        }

        var code = _decide(request);
        if (code is null)
        {
            return null;
        }

        if (_remaining < 0)
        {
            return code;
        }

        // Several requests may race for the last use; only as many as allowed win.
        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current == 0)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _remaining, current - 1, current) == current)
            {
                return code;
            }
        }
    }
}
