using NodeLocalDns.Operator.ClusterDns;
using YamlDotNet.RepresentationModel;

namespace NodeLocalDns.Operator.Cli;

/// <summary>
/// Turns the files a person passes with <c>-f</c> into <see cref="ClusterDnsInputs"/>: ConfigMap YAML (one
/// or several documents, or a <c>kind: List</c> as <c>kubectl get -o yaml</c> prints it) or a raw Corefile.
/// The ConfigMap holding a <c>Corefile</c> key is CoreDNS's (the one named <c>coredns</c> when there are
/// several); one with <c>stubDomains</c>/<c>upstreamNameservers</c> (or named <c>kube-dns</c>) is the legacy
/// kube-dns config; any other ConfigMap is mounted where AKS and k3s mount <c>coredns-custom</c>.
/// </summary>
internal static class InputDocuments
{
    /// <summary>Reads the inputs; <paramref name="texts"/> are (name, content) pairs.</summary>
    /// <exception cref="InvalidDataException">A YAML document does not parse.</exception>
    public static (ClusterDnsInputs Inputs, List<Diagnostic> Notes) Load(IEnumerable<(string Name, string Text)> texts, string? clusterDomain, string customMountPath)
    {
        var notes = new List<Diagnostic>();
        var configMaps = new List<ConfigMapData>();
        foreach (var (name, text) in texts)
        {
            if (LooksLikeKubernetesYaml(text))
            {
                configMaps.AddRange(ReadYaml(name, text, notes));
            }
            else
            {
                configMaps.Add(new ConfigMapData("kube-system", "coredns", new Dictionary<string, string> { ["Corefile"] = text }));
            }
        }

        var corefiles = configMaps.Where(c => c.Data.ContainsKey("Corefile")).ToList();
        var coreDns = corefiles.FirstOrDefault(c => c.Name == "coredns") ?? corefiles.FirstOrDefault();
        foreach (var other in corefiles.Where(c => c != coreDns))
        {
            notes.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.InputIgnored,
                $"ConfigMap {other.Id} also has a Corefile; only {coreDns!.Id} is read as CoreDNS's config.", other.Id));
        }

        var kubeDns = configMaps.FirstOrDefault(c => c != coreDns && (c.Name == "kube-dns" || c.Data.ContainsKey("stubDomains") || c.Data.ContainsKey("upstreamNameservers")));
        var mounted = configMaps
            .Where(c => c != kubeDns && !corefiles.Contains(c))
            .Select(c => new MountedConfigMap(c, customMountPath))
            .ToList();

        return (new ClusterDnsInputs { CoreDns = coreDns, KubeDns = kubeDns, Mounted = mounted, ClusterDomain = clusterDomain }, notes);
    }

    private static bool LooksLikeKubernetesYaml(string text) =>
        text.Split('\n').Any(line => line.StartsWith("apiVersion:", StringComparison.Ordinal) || line.StartsWith("kind:", StringComparison.Ordinal));

    private static IEnumerable<ConfigMapData> ReadYaml(string file, string text, List<Diagnostic> notes)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{file}:{e.Start.Line}:{e.Start.Column}: this is not valid YAML: {e.InnerException?.Message ?? e.Message}", e);
        }

        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                continue;
            }

            foreach (var item in Items(root))
            {
                var kind = Scalar(item, "kind");
                var metadata = item.Children.TryGetValue(new YamlScalarNode("metadata"), out var m) ? m as YamlMappingNode : null;
                var name = metadata is null ? null : Scalar(metadata, "name");
                if (kind != "ConfigMap")
                {
                    notes.Add(new Diagnostic(DiagnosticSeverity.Info, DiagnosticCodes.InputIgnored, $"{kind ?? "a document without kind"} {name} is not a ConfigMap; ignored.", $"{file}:{item.Start.Line}"));
                    continue;
                }

                var data = new Dictionary<string, string>(StringComparer.Ordinal);
                if (item.Children.TryGetValue(new YamlScalarNode("data"), out var dataNode) && dataNode is YamlMappingNode dataMap)
                {
                    foreach (var (key, value) in dataMap.Children)
                    {
                        if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode { Value: var v })
                        {
                            data[k] = v ?? string.Empty;
                        }
                    }
                }

                yield return new ConfigMapData(metadata is null ? "kube-system" : Scalar(metadata, "namespace") ?? "kube-system", name ?? "unnamed", data);
            }
        }
    }

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode root)
    {
        if (Scalar(root, "kind") is "List" or "ConfigMapList" && root.Children.TryGetValue(new YamlScalarNode("items"), out var items) && items is YamlSequenceNode sequence)
        {
            return sequence.Children.OfType<YamlMappingNode>();
        }

        return [root];
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
