namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>
/// The media ranges of an Accept header with their parameters. The apiserver negotiates on the <c>as</c>, <c>g</c>
/// and <c>v</c> parameters to pick a response shape: Table (kubectl get), PartialObjectMetadata, or aggregated discovery.
/// </summary>
internal sealed class AcceptHeader
{
    private readonly List<(string MediaType, Dictionary<string, string> Parameters)> _ranges = [];

    public AcceptHeader(string? header)
    {
        foreach (var range in (header ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in parts.Skip(1))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    parameters[parameter[..equals].Trim()] = parameter[(equals + 1)..].Trim();
                }
            }

            _ranges.Add((parts[0].ToLowerInvariant(), parameters));
        }
    }

    /// <summary>The first range asking for <c>as=<paramref name="kind"/></c> in group <paramref name="group"/> at one of the versions.</summary>
    public bool Wants(string kind, string group, params string[] versions) =>
        _ranges.Any(range => range.MediaType is "application/json" or "*/*"
            && range.Parameters.GetValueOrDefault("as") == kind
            && range.Parameters.GetValueOrDefault("g") == group
            && versions.Contains(range.Parameters.GetValueOrDefault("v")));

    /// <summary>Whether JSON (plain, any, or absent header) is acceptable; protobuf-only clients get 406.</summary>
    public bool AcceptsJson =>
        _ranges.Count == 0 || _ranges.Any(range => range.MediaType is "application/json" or "*/*" or "application/*" or "application/yaml");

    public bool WantsTable => Wants("Table", "meta.k8s.io", "v1", "v1beta1");

    public bool WantsPartialObjectMetadata => Wants("PartialObjectMetadata", "meta.k8s.io", "v1", "v1beta1")
        || Wants("PartialObjectMetadataList", "meta.k8s.io", "v1", "v1beta1");

    public bool WantsAggregatedDiscovery => Wants("APIGroupDiscoveryList", "apidiscovery.k8s.io", "v2");
}
