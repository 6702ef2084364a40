using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// A configuration made runnable: one pipeline per server block and, per listen endpoint, the route
/// table that sends a name to the block with the longest matching zone (CoreDNS's zone routing).
/// Building it does all the I/O a configuration needs (resolv.conf, hosts files), so a reload that fails
/// here leaves the running runtime untouched.
/// </summary>
internal sealed class ServerRuntime : IDisposable
{
    private ServerRuntime(DnsCacheConfig config, List<ServerPipeline> pipelines, Dictionary<ListenEndpoint, RouteTable> routes)
    {
        Config = config;
        Pipelines = pipelines;
        Routes = routes;
    }

    public DnsCacheConfig Config { get; }

    public List<ServerPipeline> Pipelines { get; }

    public Dictionary<ListenEndpoint, RouteTable> Routes { get; }

    public static ServerRuntime Build(DnsCacheConfig config, DnsMetrics metrics, TimeProvider time, ILogger logger)
    {
        // The gauges read the running blocks' caches and hosts tables; the new blocks register theirs.
        metrics.Cache.Entries.RemoveCallbacks();
        metrics.Hosts.Entries.RemoveCallbacks();
        var pipelines = new List<ServerPipeline>();
        try
        {
            foreach (var server in config.Servers)
            {
                pipelines.Add(ServerPipeline.Build(server, metrics, time, logger));
            }
        }
        catch
        {
            foreach (var p in pipelines)
            {
                p.Dispose();
            }

            throw;
        }

        var routes = new Dictionary<ListenEndpoint, RouteTable>();
        foreach (var pipeline in pipelines)
        {
            foreach (var endpoint in pipeline.Config.ListenEndpoints)
            {
                if (!routes.TryGetValue(endpoint, out var matcher))
                {
                    matcher = new RouteTable();
                    routes[endpoint] = matcher;
                }

                foreach (var zone in pipeline.Config.Zones)
                {
                    matcher.Set(zone.Zone, new RouteTarget(pipeline, new ZoneStats(metrics, pipeline.ServerLabel, zone.Zone)));
                }
            }
        }

        return new ServerRuntime(config, pipelines, routes);
    }

    public void Dispose()
    {
        foreach (var pipeline in Pipelines)
        {
            pipeline.Dispose();
        }
    }
}
