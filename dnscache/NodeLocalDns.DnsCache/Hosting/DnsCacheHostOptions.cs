using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Hosting;

/// <summary>How to start the daemon.</summary>
internal sealed record DnsCacheHostOptions(string ConfigPath)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Families owned by the rest of the process (the node set-up's errors), served on the Corefile's
    /// <c>prometheus</c> endpoints after the DNS families, so one scrape target has all of them.
    /// </summary>
    public IReadOnlyList<MetricFamily> ExtraMetrics { get; init; } = [];

    /// <summary>The port of server blocks that give none (<c>-dns.port</c>).</summary>
    public int DefaultPort { get; init; } = 53;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>How long an idle client TCP connection is kept (RFC 7766 §6.2.3).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most client TCP connections open at once, per listener; past it the idlest is closed for a new one.</summary>
    public int MaxTcpConnections { get; init; } = 1024;

    /// <summary>How long writing one answer to a TCP client may take before the connection is closed (a client that does not read).</summary>
    public TimeSpan TcpWriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most UDP queries waiting for an upstream at once, per listener; one client gets at most an eighth of them.</summary>
    public int MaxPendingMisses { get; init; } = 10_000;

    /// <summary>Run the <c>reload</c> directive's polling loop (tests call <see cref="DnsCacheHost.ReloadAsync"/> directly).</summary>
    public bool WatchConfig { get; init; } = true;
}
