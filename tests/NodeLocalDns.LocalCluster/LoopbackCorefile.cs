using System.Globalization;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Writing;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.LocalCluster;

/// <summary>
/// The node-cache Corefile the operator rendered, moved onto loopback for a machine that is not a node: every
/// block listens on one loopback address and port instead of the node's link-local and kube-dns IPs, the HTTP
/// endpoints move beside it, and each upstream the cluster would reach (CoreDNS behind kube-dns-upstream, the
/// stub domains' servers) becomes the local server that stands in for it. Nothing else changes.
/// </summary>
internal static class LoopbackCorefile
{
    public static string Rewrite(string corefile, string address, int port, IReadOnlyDictionary<string, string> upstreams)
    {
        var document = CorefileParser.Parse(corefile, new ParseOptions { FileName = "node-local-dns" });
        var blocks = document.ServerBlocks.Select(block => new ServerBlock(
            [.. block.Keys.Select(k => $"{ZoneAddress.Parse(k.Value)[0].Zone}:{Number(port)}")],
            [.. block.Directives.Select(d => d.Name.Value switch
            {
                "bind" => new Directive("bind", [address]),
                "health" => new Directive("health", [$"{address}:{Number(port + 1)}"], d.Block?.ToList()),
                "ready" => new Directive("ready", [$"{address}:{Number(port + 2)}"]),
                "prometheus" => new Directive("prometheus", [$"{address}:{Number(port + 3)}"]),
                "forward" => new Directive("forward", [d.Args[0].Value, .. d.Args.Skip(1).Select(a => upstreams.TryGetValue(a.Value, out var local) ? local : a.Value)], d.Block?.ToList()),
                _ => d,
            })]));
        return CorefileWriter.Write(document with { ServerBlocks = new ValueList<ServerBlock>(blocks) });
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
