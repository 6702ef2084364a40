using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Zones;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Rendering;

/// <summary>
/// The server blocks a node-cache Corefile is made of, in the addon's shape: each block logs errors,
/// caches, reloads, detects loops, binds the node-local addresses, forwards, and exports metrics.
/// Unlike node-cache's generated stub blocks, stub domains get <c>reload</c>, <c>loop</c> and
/// <c>prometheus</c> too, so they are observable like the rest.
/// </summary>
internal sealed class NodeCacheBlocks(NodeCacheSettings settings)
{
    private string ZoneKey(string zone) => $"{zone}:{settings.Port}";

    /// <summary>A cluster domain: the addon's success/denial caches and forced TCP to cluster DNS; the first one carries health and readiness.</summary>
    public ServerBlock ClusterDomain(string zone, bool first)
    {
        var cache = settings.Cache;
        var directives = Header(new Directive("cache", [], CacheOptions(
            [
                new Directive("success", [Number(cache.SuccessCapacity), Number(cache.SuccessTtl)]),
                new Directive("denial", [Number(cache.DenialCapacity), Number(cache.DenialTtl)]),
            ])));
        directives.Add(Forward([settings.UpstreamIp],
            settings.ForceTcpToClusterDns ? ForwardOptions.Default with { ForceTcp = true } : ForwardOptions.Default));
        directives.Add(Prometheus());
        if (first)
        {
            directives.Add(new Directive("health", [HostPort(settings.LocalIps[0], settings.HealthPort)], Lameduck()));
            if (settings.ReadyPort is { } ready)
            {
                directives.Add(new Directive("ready", [HostPort(settings.LocalIps[0], ready)]));
            }
        }

        return new ServerBlock([ZoneKey(zone)], directives);
    }

    /// <summary>A zone CoreDNS answers (reverse zones, stub domains routed via cluster DNS, names CoreDNS answers itself).</summary>
    public ServerBlock ViaClusterDns(string zone) =>
        Block(zone, [settings.UpstreamIp], settings.ForceTcpToClusterDns ? ForwardOptions.Default with { ForceTcp = true } : ForwardOptions.Default);

    /// <summary>A stub domain forwarded to its own servers with its own options.</summary>
    public ServerBlock Direct(StubDomain stub) => Block(stub.Zone, stub.Servers, stub.Options);

    /// <summary>The root block.</summary>
    public ServerBlock Root(IReadOnlyList<string> upstreams) =>
        Block(ZoneNames.Root, upstreams, settings.ForceTcpToUpstream ? ForwardOptions.Default with { ForceTcp = true } : ForwardOptions.Default);

    private ServerBlock Block(string zone, IReadOnlyList<string> servers, ForwardOptions options)
    {
        var directives = Header(new Directive("cache", [Number(settings.Cache.DefaultTtl)], CacheOptions([])));
        directives.Add(Forward(servers, options));
        directives.Add(Prometheus());
        return new ServerBlock([ZoneKey(zone)], directives);
    }

    private List<Directive> Header(Directive cache)
    {
        var directives = new List<Directive> { new("errors", []) };
        if (settings.LogQueries)
        {
            directives.Add(new Directive("log", []));
        }

        directives.Add(cache);
        directives.Add(new Directive("reload", []));
        directives.Add(new Directive("loop", []));
        directives.Add(new Directive("bind", settings.BindAddresses));
        return directives;
    }

    /// <summary>The cache's optional sub-directives; <c>null</c> (no block) when there are none.</summary>
    private List<Directive>? CacheOptions(List<Directive> options)
    {
        if (settings.Cache.Prefetch is { } prefetch)
        {
            var args = new List<string> { Number(prefetch.Amount) };
            if (prefetch.Duration is { } duration)
            {
                args.Add(Duration(duration));
                args.Add(Number(prefetch.Percentage) + "%");
            }

            options.Add(new Directive("prefetch", args));
        }

        if (settings.Cache.ServeStale is { } stale)
        {
            options.Add(new Directive("serve_stale", [Duration(stale.Duration), stale.Verify ? "verify" : "immediate"]));
        }

        return options.Count > 0 ? options : null;
    }

    private static Directive Forward(IReadOnlyList<string> servers, ForwardOptions options)
    {
        var block = new List<Directive>();
        if (options.Except.Count > 0)
        {
            block.Add(new Directive("except", options.Except.Select(ZoneNames.ToDisplay)));
        }

        if (options.ForceTcp)
        {
            block.Add(new Directive("force_tcp", []));
        }

        if (options.PreferUdp)
        {
            block.Add(new Directive("prefer_udp", []));
        }

        if (options.Policy is { } policy)
        {
            block.Add(new Directive("policy", [policy.ToName()]));
        }

        if (options.TlsServerName is { } serverName)
        {
            block.Add(new Directive("tls_servername", [serverName]));
        }

        return new Directive("forward", [".", .. servers], block.Count > 0 ? block : null);
    }

    // Not on every host address unless asked (kubernetes/dns#542): by default the node's own IP, where Prometheus scrapes.
    private Directive Prometheus() => new("prometheus", [$"{settings.MetricsHost}:{Number(settings.MetricsPort)}"]);

    /// <summary><c>{ lameduck 5s }</c>: a stopping daemon keeps serving while its surge replacement takes over.</summary>
    private List<Directive>? Lameduck() =>
        settings.Lameduck > TimeSpan.Zero ? [new Directive("lameduck", [Duration(settings.Lameduck)])] : null;

    private static string HostPort(string ip, int port) =>
        IPAddress.TryParse(ip, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{ip}]:{Number(port)}"
            : $"{ip}:{Number(port)}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan duration) =>
        duration.TotalHours >= 1 && duration.TotalHours == Math.Floor(duration.TotalHours) ? $"{Number((int)duration.TotalHours)}h"
        : duration.TotalMinutes >= 1 && duration.TotalMinutes == Math.Floor(duration.TotalMinutes) ? $"{Number((int)duration.TotalMinutes)}m"
        : $"{Number((int)Math.Ceiling(duration.TotalSeconds))}s";
}
