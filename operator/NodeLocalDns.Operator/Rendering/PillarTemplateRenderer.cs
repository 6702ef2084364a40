using System.Text.RegularExpressions;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Writing;
using NodeLocalDns.Corefile.Zones;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Rendering;

/// <summary>
/// The compatibility path: takes a Corefile template with the addon's <c>__PILLAR__</c> placeholders
/// (the stock one, or an admin's edited copy), substitutes every placeholder the way the manifest's
/// <c>sed</c> and node-cache together would, and appends the stub-domain blocks the template lacks.
/// A placeholder left over, or a template that does not parse, is an error with its location.
/// </summary>
public static partial class PillarTemplateRenderer
{
    /// <summary>The placeholders the addon uses.</summary>
    public static readonly IReadOnlyList<string> Pillars =
    [
        "__PILLAR__LOCAL__DNS__", "__PILLAR__DNS__SERVER__", "__PILLAR__DNS__DOMAIN__", "__PILLAR__CLUSTER__DNS__", "__PILLAR__UPSTREAM__SERVERS__",
    ];

    /// <summary>Substitutes the placeholders of <paramref name="template"/> and appends the missing stub-domain blocks.</summary>
    /// <exception cref="CorefileException">A placeholder is left, or the result does not parse.</exception>
    /// <exception cref="InvalidSettingsException">The settings cannot give a working Corefile.</exception>
    public static string Render(string template, ClusterDnsConfig config, NodeCacheSettings settings)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(problems);
        }

        var text = template
            .Replace("__PILLAR__LOCAL__DNS__", string.Join(' ', settings.LocalIps), StringComparison.Ordinal)
            // node-cache substitutes what is left of DNS__SERVER with nothing; in iptables (and, here, nftables)
            // mode the manifest's sed has put the kube-dns IP there first.
            .Replace("__PILLAR__DNS__SERVER__", settings.KubeProxyMode.BindsClusterDnsIp() ? settings.ClusterDnsIp : string.Empty, StringComparison.Ordinal)
            .Replace("__PILLAR__DNS__DOMAIN__", config.ClusterDomains[0], StringComparison.Ordinal)
            .Replace("__PILLAR__CLUSTER__DNS__", settings.UpstreamIp, StringComparison.Ordinal)
            .Replace("__PILLAR__UPSTREAM__SERVERS__", string.Join(' ', NodeCacheCorefileRenderer.RootUpstreams(config, settings)), StringComparison.Ordinal);

        var leftover = LeftoverPillar().Match(text);
        if (leftover.Success)
        {
            var line = text[..leftover.Index].Count(c => c == '\n') + 1;
            var column = leftover.Index - text.LastIndexOf('\n', Math.Max(0, leftover.Index - 1));
            throw new CorefileException(new SourcePosition("template", line, column),
                $"placeholder '{leftover.Value}' is not one the node-cache template knows; replace it or remove it.");
        }

        var document = CorefileParser.Parse(text, new ParseOptions { FileName = "template", KeepComments = true });
        var present = document.ServerBlocks
            .SelectMany(b => b.Keys)
            .SelectMany(k => ZoneAddress.TryParse(k.Value, out var zones, out _) ? zones : [])
            .Select(z => ZoneNames.ToDisplay(z.Zone))
            .ToHashSet(StringComparer.Ordinal);
        var extra = NodeCacheCorefileRenderer
            .ZoneBlocks(config, settings, new NodeCacheBlocks(settings))
            .Where(b => !present.Contains(ZoneNames.ToDisplay(ZoneAddress.Parse(b.Keys[0].Value)[0].Zone)));
        return CorefileWriter.Write(document with { ServerBlocks = new ValueList<ServerBlock>(document.ServerBlocks.Concat(extra)) });
    }

    [GeneratedRegex("__PILLAR__[A-Z_]*__")]
    private static partial Regex LeftoverPillar();
}
