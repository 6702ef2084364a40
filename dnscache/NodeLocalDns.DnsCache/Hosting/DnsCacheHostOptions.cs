using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NodeLocalDns.DnsCache.Hosting;

/// <summary>How to start the daemon.</summary>
internal sealed record DnsCacheHostOptions(string ConfigPath)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Run the <c>reload</c> directive's polling loop (tests call <see cref="DnsCacheHost.ReloadAsync"/> directly).</summary>
    public bool WatchConfig { get; init; } = true;
}
