using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Writing;
using NodeLocalDns.Corefile.Zones;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Rendering;

/// <summary>
/// Renders the node-cache Corefile: the addon template's blocks (cluster domain, <c>in-addr.arpa</c>,
/// <c>ip6.arpa</c>, <c>.</c>) with every placeholder filled in, plus a block per stub domain and, when
/// other names leave the cluster, per zone CoreDNS answers itself. Pure and deterministic: blocks come in
/// a fixed order (cluster domains, reverse zones, stub domains and routes by zone, root), so the same
/// inputs always give byte-identical text and an unchanged cluster never causes a rollout.
/// </summary>
public static class NodeCacheCorefileRenderer
{
    /// <summary>Renders the Corefile text.</summary>
    /// <exception cref="InvalidSettingsException">The settings cannot give a working Corefile.</exception>
    public static string Render(ClusterDnsConfig config, NodeCacheSettings settings) =>
        CorefileWriter.Write(RenderDocument(config, settings));

    /// <summary>Renders the Corefile as a tree (for callers that add to it before writing).</summary>
    public static CorefileDocument RenderDocument(ClusterDnsConfig config, NodeCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(problems);
        }

        var blocks = new NodeCacheBlocks(settings);
        var result = new List<ServerBlock>();
        for (var i = 0; i < config.ClusterDomains.Count; i++)
        {
            result.Add(blocks.ClusterDomain(config.ClusterDomains[i], first: i == 0));
        }

        result.AddRange(config.ReverseZones.Select(blocks.ViaClusterDns));
        result.AddRange(ZoneBlocks(config, settings, blocks));
        result.Add(blocks.Root(RootUpstreams(config, settings)));
        return new CorefileDocument(result);
    }

    /// <summary>The stub-domain and route blocks, sorted by zone.</summary>
    internal static IEnumerable<ServerBlock> ZoneBlocks(ClusterDnsConfig config, NodeCacheSettings settings, NodeCacheBlocks blocks)
    {
        var byZone = new SortedDictionary<string, ServerBlock>(StringComparer.Ordinal);
        var taken = config.ClusterDomains.Concat(config.ReverseZones).ToHashSet(StringComparer.Ordinal);
        foreach (var stub in config.StubDomains.Where(s => !taken.Contains(s.Zone)))
        {
            byZone[stub.Zone] = settings.StubRouting == StubRouting.Direct && !NeedsTls(stub.Servers) ? blocks.Direct(stub) : blocks.ViaClusterDns(stub.Zone);
        }

        // When the root already goes through CoreDNS, names it answers itself get there anyway.
        if (settings.UpstreamMode != UpstreamMode.ClusterDns)
        {
            foreach (var route in config.ClusterDnsRoutes.Where(r => !taken.Contains(r.Zone)))
            {
                byZone.TryAdd(route.Zone, blocks.ViaClusterDns(route.Zone));
            }
        }

        return byZone.Values;
    }

    /// <summary>
    /// The root block's upstreams for the mode. CoreDNS's own root upstreams are used as they are unless
    /// they need DNS over TLS, which the node cache does not speak; then cluster DNS carries them.
    /// </summary>
    internal static IReadOnlyList<string> RootUpstreams(ClusterDnsConfig config, NodeCacheSettings settings) => settings.UpstreamMode switch
    {
        UpstreamMode.ClusterDns => [settings.UpstreamIp],
        UpstreamMode.ResolvConf => ["/etc/resolv.conf"],
        _ when settings.UpstreamServers.Count > 0 => settings.UpstreamServers,
        _ => NeedsTls(config.RootUpstreams) ? [settings.UpstreamIp] : config.RootUpstreams,
    };

    internal static bool NeedsTls(IEnumerable<string> servers) => servers.Any(s => s.StartsWith("tls://", StringComparison.Ordinal));

    /// <summary>Every zone the rendered Corefile serves, as display names (for status and tests).</summary>
    public static IReadOnlyList<string> Zones(CorefileDocument document) =>
        [.. document.ServerBlocks.SelectMany(b => b.Keys).Select(k => ZoneNames.ToDisplay(ZoneAddress.Parse(k.Value)[0].Zone))];
}
