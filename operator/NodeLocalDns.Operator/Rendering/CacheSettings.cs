namespace NodeLocalDns.Operator.Rendering;

/// <summary>
/// Cache sizes and TTL caps. The defaults are the addon's: the cluster domain caches 9984 successes for
/// 30 s and 9984 denials for 5 s (StatefulSet names appear quickly; a long negative TTL would hide them),
/// every other zone uses <c>cache 30</c>.
/// </summary>
public sealed record CacheSettings
{
    /// <summary>Capacity for positive answers in the cluster domain.</summary>
    public int SuccessCapacity { get; init; } = 9984;

    /// <summary>TTL cap in seconds for positive answers in the cluster domain.</summary>
    public int SuccessTtl { get; init; } = 30;

    /// <summary>Capacity for negative answers in the cluster domain.</summary>
    public int DenialCapacity { get; init; } = 9984;

    /// <summary>TTL cap in seconds for negative answers in the cluster domain.</summary>
    public int DenialTtl { get; init; } = 5;

    /// <summary>TTL cap in seconds for every other zone.</summary>
    public int DefaultTtl { get; init; } = 30;

    /// <summary>Prefetch, or <c>null</c> for none (the addon has none).</summary>
    public PrefetchSettings? Prefetch { get; init; }

    /// <summary>Serve stale, or <c>null</c> for none (the addon has none).</summary>
    public ServeStaleSettings? ServeStale { get; init; }
}
