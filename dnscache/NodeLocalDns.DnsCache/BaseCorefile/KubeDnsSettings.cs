using System.Text.Json;

namespace NodeLocalDns.DnsCache.BaseCorefile;

/// <summary>
/// The legacy kube-dns ConfigMap as node-cache reads it from its mount (<c>-kubednscm</c>): <c>stubDomains</c>,
/// a JSON map from domain to name servers, and <c>upstreamNameservers</c>, a JSON list. Only the JSON shape
/// is checked here; the names and servers are checked by loading the rendered Corefile, so they get the
/// same file:line:column messages as any Corefile.
/// </summary>
internal sealed record KubeDnsSettings(IReadOnlyList<(string Domain, IReadOnlyList<string> Servers)> StubDomains, IReadOnlyList<string> UpstreamNameservers)
{
    /// <summary>No kube-dns ConfigMap.</summary>
    public static KubeDnsSettings Empty { get; } = new([], []);

    /// <summary>Reads the two keys from <paramref name="directory"/>; missing files are empty settings.</summary>
    /// <exception cref="FormatException">A key is not the JSON kube-dns expects; the message names the file.</exception>
    public static KubeDnsSettings Read(string directory)
    {
        var stubs = new List<(string, IReadOnlyList<string>)>();
        var stubPath = Path.Combine(directory, "stubDomains");
        if (File.Exists(stubPath) && File.ReadAllText(stubPath) is { } stubJson && !string.IsNullOrWhiteSpace(stubJson))
        {
            using var document = Parse(stubJson, stubPath);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{stubPath}: expected a JSON map from domain to a list of name servers");
            }

            foreach (var entry in document.RootElement.EnumerateObject())
            {
                stubs.Add((entry.Name, Strings(entry.Value, $"{stubPath}: stub domain '{entry.Name}'")));
            }
        }

        List<string> upstreams = [];
        var upstreamPath = Path.Combine(directory, "upstreamNameservers");
        if (File.Exists(upstreamPath) && File.ReadAllText(upstreamPath) is { } upstreamJson && !string.IsNullOrWhiteSpace(upstreamJson))
        {
            using var document = Parse(upstreamJson, upstreamPath);
            upstreams = Strings(document.RootElement, upstreamPath);
            if (upstreams.Count > 3)
            {
                // kube-dns's config.Validate: "upstreamNameservers cannot have more than 3 entries".
                throw new FormatException($"{upstreamPath}: kube-dns allows at most 3 upstream name servers, {upstreams.Count} are given");
            }
        }

        // Go's map iteration order made node-cache's output differ from run to run; sorted, it is stable.
        stubs.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return new KubeDnsSettings(stubs, upstreams);
    }

    private static JsonDocument Parse(string json, string path)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON: {e.Message.Split(" Path:")[0]}", e);
        }
    }

    private static List<string> Strings(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new FormatException($"{what}: expected a JSON list of name servers such as [\"10.1.2.3\"]");
        }

        return [.. element.EnumerateArray().Select(e => e.GetString()!)];
    }
}
