using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Forward;

/// <summary>
/// <c>forward FROM TO... [{ ... }]</c> with CoreDNS's defaults: random policy, 2 failures before an upstream
/// is marked down, health checks every 0.5 s with <c>. IN NS</c>, pooled TCP connections expire after 10 s.
/// </summary>
public sealed record ForwardOptions(string From, ValueList<UpstreamTarget> To)
{
    /// <summary>CoreDNS's limit on the number of upstreams.</summary>
    public const int MaxUpstreams = 15;

    /// <summary>Names (zones) not forwarded: queries for them fall through (here: REFUSED... or the next handler).</summary>
    public ValueList<string> Except { get; init; } = ValueList<string>.Empty;

    /// <summary>Always query upstreams over TCP.</summary>
    public bool ForceTcp { get; init; }

    /// <summary>Query over UDP even when the client came over TCP (retrying over TCP on truncation).</summary>
    public bool PreferUdp { get; init; }

    /// <summary>How long an idle pooled upstream TCP connection is kept for reuse.</summary>
    public TimeSpan Expire { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failures after which an upstream is considered down; 0 never marks it down.</summary>
    public int MaxFails { get; init; } = 2;

    /// <summary>How an upstream is chosen.</summary>
    public ForwardPolicy Policy { get; init; } = ForwardPolicy.Random;

    /// <summary>How often a down upstream is probed.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether health checks set RD (<c>no_rec</c> clears it).</summary>
    public bool HealthCheckRecursionDesired { get; init; } = true;

    /// <summary>The name health checks ask for (type NS).</summary>
    public string HealthCheckDomain { get; init; } = ".";

    /// <summary>The most queries in flight to upstreams; past it the daemon answers REFUSED. <c>null</c>: no limit.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>When every upstream is down, fail fast with SERVFAIL instead of trying one at random.</summary>
    public bool FailFastAllUnhealthy { get; init; }

    /// <summary>
    /// dnscache's <c>randomize_case</c> (not a CoreDNS option): the letters of every UDP query's name get a random
    /// case (0x20, draft-vixie-dnsext-dns0x20, unbound's <c>use-caps-for-id</c>) and an answer must echo it exactly.
    /// </summary>
    public bool RandomizeCase { get; init; }
}
