using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.Corefile.Directives.Log;
using NodeLocalDns.DnsCache.Directives.Template;
using NodeLocalDns.DnsCache.Directives.Loop;
using NodeLocalDns.DnsCache.Directives.Hosts;
using NodeLocalDns.DnsCache.Directives.Forward;
using NodeLocalDns.DnsCache.Directives.Errors;
using NodeLocalDns.DnsCache.Directives.Cache;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// One server block, ready to serve: its directives turned into handlers, run in CoreDNS's plugin order
/// (errors, log, cache, template, hosts, loop, forward), and its cache metrics as held handles.
/// </summary>
internal sealed class ServerPipeline : IDisposable
{
    public ServerPipeline(ServerConfig config, ResponseCache? cache, Forwarder? forwarder, HostsPlugin? hosts, TemplatePlugin[] templates, LoopDetector? loop, DnsMetrics metrics)
    {
        Config = config;
        Cache = cache;
        Forwarder = forwarder;
        Hosts = hosts;
        Templates = templates;
        Loop = loop;
        ServerLabel = config.MetricsServerLabel;
        if (cache is not null)
        {
            var zones = string.Join(",", cache.Options.Zones);
            CacheZones = [.. cache.Options.Zones.Select(HostsTable.Wire)];
            HitsSuccess = metrics.CacheHits.Counter(ServerLabel, "success", zones);
            HitsDenial = metrics.CacheHits.Counter(ServerLabel, "denial", zones);
            Misses = metrics.CacheMisses.Counter(ServerLabel, zones);
            CacheRequests = metrics.CacheRequests.Counter(ServerLabel, zones);
            Prefetches = metrics.CachePrefetch.Counter(ServerLabel, zones);
            ServedStale = metrics.CacheServedStale.Counter(ServerLabel, zones);
            var success = metrics.CacheEntries.Render(ServerLabel, "success", zones);
            var denial = metrics.CacheEntries.Render(ServerLabel, "denial", zones);
            metrics.CacheEntries.AddCallback(() => [(success, cache.SuccessCount), (denial, cache.DenialCount)]);
        }
        else
        {
            CacheZones = [];
        }

        if (hosts is not null)
        {
            metrics.HostsEntries.AddCallback(() => [(string.Empty, hosts.Count)]);
        }
    }

    public ServerConfig Config { get; }

    public string ServerLabel { get; }

    public ResponseCache? Cache { get; }

    public byte[][] CacheZones { get; }

    public Forwarder? Forwarder { get; }

    public HostsPlugin? Hosts { get; }

    public TemplatePlugin[] Templates { get; }

    public LoopDetector? Loop { get; }

    public bool LogErrors => Errors is not null;

    /// <summary>The <c>errors</c> directive, when present.</summary>
    public ErrorReporter? Errors { get; init; }

    public LogOptions? QueryLog => Config.Log;

    public Counter? HitsSuccess { get; }

    public Counter? HitsDenial { get; }

    public Counter? Misses { get; }

    public Counter? CacheRequests { get; }

    public Counter? Prefetches { get; }

    public Counter? ServedStale { get; }

    public void Dispose()
    {
        Forwarder?.Dispose();
        Hosts?.Dispose();
        Errors?.Dispose();
    }
}
