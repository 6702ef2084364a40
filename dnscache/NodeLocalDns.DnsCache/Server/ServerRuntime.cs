using System.Net;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Zones;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Directives.Template;
using NodeLocalDns.DnsCache.Directives.Loop;
using NodeLocalDns.DnsCache.Directives.Hosts;
using NodeLocalDns.DnsCache.Directives.Forward;
using NodeLocalDns.DnsCache.Directives.Errors;
using NodeLocalDns.DnsCache.Directives.Cache;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// A configuration made runnable: one pipeline per server block and, per listen endpoint, the zone
/// matcher that routes a name to the block with the longest matching zone (CoreDNS's zone routing).
/// Building it does all the I/O a configuration needs (resolv.conf, hosts files), so a reload that fails
/// here leaves the running runtime untouched.
/// </summary>
internal sealed class ServerRuntime : IDisposable
{
    private ServerRuntime(DnsCacheConfig config, List<ServerPipeline> pipelines, Dictionary<ListenEndpoint, ZoneMatcher<RouteTarget>> routes)
    {
        Config = config;
        Pipelines = pipelines;
        Routes = routes;
    }

    public DnsCacheConfig Config { get; }

    public List<ServerPipeline> Pipelines { get; }

    public Dictionary<ListenEndpoint, ZoneMatcher<RouteTarget>> Routes { get; }

    public static ServerRuntime Build(DnsCacheConfig config, DnsMetrics metrics, TimeProvider time, ILogger logger)
    {
        metrics.CacheEntries.RemoveCallbacks();
        metrics.HostsEntries.RemoveCallbacks();
        var pipelines = new List<ServerPipeline>();
        try
        {
            foreach (var server in config.Servers)
            {
                pipelines.Add(BuildPipeline(server, metrics, time, logger));
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

        var routes = new Dictionary<ListenEndpoint, ZoneMatcher<RouteTarget>>();
        foreach (var pipeline in pipelines)
        {
            foreach (var endpoint in pipeline.Config.ListenEndpoints)
            {
                if (!routes.TryGetValue(endpoint, out var matcher))
                {
                    matcher = new ZoneMatcher<RouteTarget>();
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

    private static ServerPipeline BuildPipeline(ServerConfig server, DnsMetrics metrics, TimeProvider time, ILogger logger)
    {
        var cache = server.Cache is { } c ? new ResponseCache(c, time) : null;
        Forwarder? forwarder = null;
        if (server.Forward is { } f)
        {
            var upstreams = new List<IPEndPoint>();
            foreach (var target in f.To)
            {
                if (target.Endpoint is { } endpoint)
                {
                    upstreams.Add(endpoint);
                }
                else
                {
                    upstreams.AddRange(ResolvConf.Nameservers(target.ResolvConfPath!));
                }
            }

            forwarder = new Forwarder(f, upstreams, time, metrics, logger, server.Errors is not null);
        }

        var templates = server.Templates.Select(t => new TemplatePlugin(t)).ToArray();
        var hosts = server.Hosts is { } h ? new HostsPlugin(h, time, logger) : null;
        var loop = server.Loop is not null && forwarder is not null ? new LoopDetector(server.Zones[0].Zone) : null;
        return new ServerPipeline(server, cache, forwarder, hosts, templates, loop, metrics)
        {
            Errors = server.Errors is { } errors ? new ErrorReporter(errors, time, logger) : null,
        };
    }

    public void Dispose()
    {
        foreach (var pipeline in Pipelines)
        {
            pipeline.Dispose();
        }
    }
}
