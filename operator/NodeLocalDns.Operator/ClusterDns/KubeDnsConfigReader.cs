using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// Reads the legacy kube-dns ConfigMap the way node-cache does: <c>stubDomains</c> is a JSON map from
/// domain to name servers, <c>upstreamNameservers</c> a JSON list of at most three servers. Entries that
/// kube-dns's validation would reject become diagnostics; JSON that does not parse is an error with its
/// line and column, like a Corefile that does not parse.
/// </summary>
internal sealed class KubeDnsConfigReader(ClusterDnsFindings findings)
{
    private const string StubDomainsKey = "stubDomains";
    private const string UpstreamsKey = "upstreamNameservers";

    /// <summary>The stub domains and upstreams the ConfigMap holds.</summary>
    public (List<StubDomain> Stubs, List<string> Upstreams, string UpstreamSource) Read(ConfigMapData configMap)
    {
        var stubs = new List<StubDomain>();
        var upstreams = new List<string>();
        var stubSource = $"{configMap.Name}:{StubDomainsKey}";
        var upstreamSource = $"{configMap.Name}:{UpstreamsKey}";

        if (configMap.Data.TryGetValue(StubDomainsKey, out var stubJson) && !string.IsNullOrWhiteSpace(stubJson))
        {
            var map = Deserialize(stubJson, KubeDnsJsonContext.Default.DictionaryStringListString, stubSource) ?? [];
            foreach (var (domain, servers) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!IsDns1123Subdomain(domain) || !ZoneNames.TryNormalize(domain, out var zone, out _))
                {
                    findings.Warn(DiagnosticCodes.InvalidKubeDnsConfig, $"stub domain '{domain}' is not a valid DNS-1123 subdomain; ignored.", stubSource);
                    continue;
                }

                var usable = UsableServers(servers ?? [], stubSource);
                if (usable.Count == 0)
                {
                    findings.Warn(DiagnosticCodes.NoUsableUpstream, $"stub domain {ZoneNames.ToDisplay(zone)} has no usable name server; ignored.", stubSource);
                    continue;
                }

                stubs.Add(new StubDomain(ZoneNames.ToDisplay(zone), usable, ForwardOptions.Default, stubSource));
            }
        }

        if (configMap.Data.TryGetValue(UpstreamsKey, out var upstreamJson) && !string.IsNullOrWhiteSpace(upstreamJson))
        {
            var list = Deserialize(upstreamJson, KubeDnsJsonContext.Default.ListString, upstreamSource) ?? [];
            if (list.Count > 3)
            {
                findings.Warn(DiagnosticCodes.InvalidKubeDnsConfig,
                    $"kube-dns allows at most 3 upstreamNameservers, {list.Count} are given; all are kept.", upstreamSource);
            }

            upstreams.AddRange(UsableServers(list, upstreamSource));
        }

        if (configMap.Data.ContainsKey("federations"))
        {
            findings.Info(DiagnosticCodes.InputIgnored, "federations are a kube-dns feature node-cache never used; ignored.", $"{configMap.Name}:federations");
        }

        return (stubs, upstreams, upstreamSource);
    }

    private List<string> UsableServers(IEnumerable<string> servers, string source)
    {
        var usable = new List<string>();
        foreach (var server in servers)
        {
            // kube-dns takes only IP or IP:port here; a file path is not a name server.
            if (server.StartsWith('/'))
            {
                findings.Warn(DiagnosticCodes.UnusableUpstream, $"'{server}' is a file, not a name server; it is left out.", source);
            }
            else if (UpstreamAddress.TryNormalize(server, out var normalized, out var problem))
            {
                usable.Add(normalized);
            }
            else
            {
                findings.Warn(DiagnosticCodes.UnusableUpstream, problem + "; this name server is left out.", source);
            }
        }

        return usable;
    }

    private static T? Deserialize<T>(string json, JsonTypeInfo<T> type, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException e)
        {
            // JsonException positions are 0-based; people count from 1.
            var position = new SourcePosition(source, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            var expected = typeof(T).Name switch
            {
                "List`1" => "a list of IP addresses",
                _ => "a map from domain to a list of IP addresses",
            };
            throw new CorefileException(position, $"this is not the JSON kube-dns expects ({expected}): {e.Message.Split(" Path:")[0]}", e);
        }
    }

    private static bool IsDns1123Subdomain(string name) =>
        name.Length is > 0 and <= 253
        && name.Split('.').All(label => label.Length is > 0 and <= 63
            && char.IsAsciiLetterLower(label[0]) | char.IsAsciiDigit(label[0])
            && char.IsAsciiLetterLower(label[^1]) | char.IsAsciiDigit(label[^1])
            && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
}
