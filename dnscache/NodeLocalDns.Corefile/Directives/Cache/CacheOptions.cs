using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Cache;

/// <summary>
/// <c>cache [TTL] [ZONES...]</c> with its block, using CoreDNS's defaults: 9984 entries each for
/// answers (success) and denials (NXDOMAIN/NODATA), TTLs capped at 3600 s and 1800 s, at least 5 s, and
/// SERVFAIL cached for 5 s.
/// </summary>
public sealed record CacheOptions
{
    /// <summary>CoreDNS's default capacity of each half of the cache.</summary>
    public const int DefaultCapacity = 9984;

    /// <summary>Zones whose answers are cached; when <c>cache</c> names none, the loader sets the server block's zones (CoreDNS's default).</summary>
    public ValueList<string> Zones { get; init; } = ValueList<string>.Empty;

    /// <summary>Most positive answers kept.</summary>
    public int SuccessCapacity { get; init; } = DefaultCapacity;

    /// <summary>The most a positive answer is cached for.</summary>
    public TimeSpan SuccessMaxTtl { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>The least a positive answer is cached for.</summary>
    public TimeSpan SuccessMinTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most denials kept.</summary>
    public int DenialCapacity { get; init; } = DefaultCapacity;

    /// <summary>The most a denial is cached for (RFC 2308 §5 caps it further by the SOA).</summary>
    public TimeSpan DenialMaxTtl { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>The least a denial is cached for.</summary>
    public TimeSpan DenialMinTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a SERVFAIL is cached (0 disables it); CoreDNS's default is 5 s, its maximum 5 min.</summary>
    public TimeSpan ServfailTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>prefetch</c>, when given.</summary>
    public PrefetchOptions? Prefetch { get; init; }

    /// <summary><c>serve_stale</c>, when given.</summary>
    public ServeStaleOptions? ServeStale { get; init; }

    /// <summary><c>disable success</c>: positive answers are not cached.</summary>
    public bool DisableSuccess { get; init; }

    /// <summary><c>disable denial</c>: denials are not cached.</summary>
    public bool DisableDenial { get; init; }

    /// <summary><c>keepttl</c>: answer with the TTL as received rather than counted down.</summary>
    public bool KeepTtl { get; init; }
}
