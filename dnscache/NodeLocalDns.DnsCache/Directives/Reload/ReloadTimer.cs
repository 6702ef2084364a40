using NodeLocalDns.Corefile.Configuration;

namespace NodeLocalDns.DnsCache.Directives.Reload;

/// <summary>
/// The <c>reload</c> directive (CoreDNS plugin/reload): polls the Corefile every INTERVAL plus a random
/// part of JITTER, so that the node caches of a cluster do not all reload at the same moment. Reloading
/// itself (load, compare, swap, keep the old one on failure) is the host's
/// (<see cref="Hosting.DnsCacheHost.ReloadAsync"/>), which SIGUSR1 also triggers.
/// </summary>
internal static class ReloadTimer
{
    /// <summary>
    /// Starts polling with the shortest interval any block asks for, or returns <c>null</c> when no block
    /// has <c>reload</c>.
    /// </summary>
    public static ITimer? Start(DnsCacheConfig config, TimeProvider time, Func<Task<bool>> reload)
    {
        var options = config.Servers.Select(s => s.Reload).Where(r => r is not null).MinBy(r => r!.Interval);
        if (options is null)
        {
            return null;
        }

        var jitter = options.Jitter > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * options.Jitter.TotalMilliseconds) : TimeSpan.Zero;
        var period = options.Interval + jitter;
        return time.CreateTimer(_ => _ = reload(), null, period, period);
    }
}
