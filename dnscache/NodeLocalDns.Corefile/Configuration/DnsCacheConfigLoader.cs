using System.Net;
using NodeLocalDns.Corefile.Directives;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// Turns a Corefile into the typed configuration of the dnscache daemon, the way CoreDNS runs each
/// plugin's <c>setup</c>: each directive is parsed by the function its row of <see cref="DirectiveTable"/>
/// names, every problem a <see cref="CorefileException"/> at the offending token. Pure: no files are read
/// (resolv.conf and hosts files are named, not opened) and no sockets are touched, so the operator can
/// validate every Corefile it renders with it.
/// </summary>
public static class DnsCacheConfigLoader
{
    /// <summary>Parses <paramref name="corefileText"/> and loads it.</summary>
    /// <param name="corefileText">The Corefile.</param>
    /// <param name="options">How to parse it (file name for messages, imports, environment).</param>
    /// <param name="defaultPort">The port of server blocks that give none (CoreDNS's and node-cache's <c>-dns.port</c>).</param>
    /// <exception cref="CorefileException">The text is not a valid Corefile or not a valid dnscache configuration.</exception>
    public static DnsCacheConfig Load(string corefileText, ParseOptions? options = null, int defaultPort = 53) =>
        Load(CorefileParser.Parse(corefileText, options), defaultPort);

    /// <summary>Loads an already parsed Corefile; blocks without a port listen on <paramref name="defaultPort"/>.</summary>
    /// <exception cref="CorefileException">The document is not a valid dnscache configuration.</exception>
    public static DnsCacheConfig Load(CorefileDocument document, int defaultPort = 53)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.ServerBlocks.Count == 0)
        {
            throw new CorefileException(
                new SourcePosition("Corefile", 1, 1),
                "the Corefile has no server block; add one such as '.:53 { forward . 8.8.8.8 }'.");
        }

        var servers = document.ServerBlocks.Select(b => LoadBlock(b, defaultPort)).ToList();
        CheckDuplicateZones(servers);
        return new DnsCacheConfig(new ValueList<ServerConfig>(servers));
    }

    private static ServerConfig LoadBlock(ServerBlock block, int defaultPort)
    {
        var zones = new List<ZoneAddress>();
        int? port = null;
        foreach (var key in block.Keys)
        {
            if (!ZoneAddress.TryParse(key.Value, out var parsed, out var error))
            {
                throw new CorefileException(key.Position, error);
            }

            foreach (var zone in parsed)
            {
                if (zone.Transport != DnsTransport.Dns)
                {
                    throw new CorefileException(
                        key.Position,
                        $"server key '{key.Value}' uses {zone.Scheme}, but dnscache serves plain DNS only; " +
                        "write the key without a scheme or with dns://.");
                }

                var effective = zone.EffectivePort(defaultPort);
                if (port is { } p && p != effective)
                {
                    throw new CorefileException(
                        key.Position,
                        $"server key '{key.Value}' has port {effective} but an earlier key of the same block has port {p}; " +
                        "a block listens on one port, so split it into two blocks.");
                }

                port = effective;
                if (zones.Any(z => z.Zone == zone.Zone))
                {
                    throw new CorefileException(key.Position, $"zone '{zone.Zone}' is listed twice in the same server block; remove one.");
                }

                zones.Add(zone);
            }
        }

        var config = new ServerConfig(new ValueList<ZoneAddress>(zones), port ?? defaultPort, ValueList<IPAddress>.Empty) { Position = block.Position };
        var seen = new Dictionary<string, Directive>(StringComparer.Ordinal);
        foreach (var directive in block.Directives)
        {
            var name = directive.Name.Value;
            if (DirectiveTable.Find(name) is not { } spec)
            {
                var supported = string.Join(", ", DirectiveTable.Names);
                throw new CorefileException(
                    directive.Position,
                    DirectiveTable.KnownUnsupported.Contains(name)
                        ? $"directive '{name}' is a CoreDNS plugin that dnscache does not have; remove it (dnscache supports {supported})."
                        : $"unknown directive '{name}'; dnscache supports {supported}.");
            }

            if (!spec.Repeatable && seen.TryGetValue(name, out var first))
            {
                throw new CorefileException(
                    directive.Position,
                    $"directive '{name}' is given twice in this server block (first at line {first.Position.Line}); keep one.");
            }

            seen[name] = directive;
            config = spec.Apply(config, directive);
        }

        // CoreDNS (plugin.OriginsFromArgsOrServerBlock): a cache that names no zones caches the block's zones, and
        // its metrics say so; with several blocks on one address each cache keeps its own series.
        if (config.Cache is { Zones.Count: 0 } cache)
        {
            config = config with { Cache = cache with { Zones = new ValueList<string>([.. zones.Select(z => z.Zone)]) } };
        }

        return config;
    }

    // CoreDNS refuses two blocks that serve the same zone on the same address and port ("cannot serve
    // ... multiple times"). Two blocks may share a zone when they bind different addresses.
    private static void CheckDuplicateZones(List<ServerConfig> servers)
    {
        var owners = new Dictionary<(string Zone, ListenEndpoint Endpoint), ServerConfig>();
        foreach (var server in servers)
        {
            foreach (var zone in server.Zones)
            {
                foreach (var endpoint in server.ListenEndpoints)
                {
                    foreach (var (key, other) in owners)
                    {
                        if (key.Zone == zone.Zone
                            && key.Endpoint.Port == endpoint.Port
                            && !ReferenceEquals(other, server)
                            && Overlaps(key.Endpoint.Address, endpoint.Address))
                        {
                            throw new CorefileException(
                                server.Position,
                                $"zone '{zone.Zone}' on {endpoint} is already served by the block at line {other.Position.Line}; " +
                                "give one of them a different port or bind address, or merge them.");
                        }
                    }

                    owners[(zone.Zone, endpoint)] = server;
                }
            }
        }
    }

    private static bool Overlaps(IPAddress? a, IPAddress? b) => a is null || b is null || a.Equals(b);
}
