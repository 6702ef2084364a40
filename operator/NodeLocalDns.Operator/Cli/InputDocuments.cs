using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Reconciliation.Inputs;
using YamlDotNet.RepresentationModel;

namespace NodeLocalDns.Operator.Cli;

/// <summary>
/// Turns the files a person passes with <c>-f</c> into <see cref="ClusterDnsInputs"/>: ConfigMap YAML (one
/// or several documents, or a <c>kind: List</c> as <c>kubectl get -o yaml</c> prints it) or a raw Corefile.
/// Without a NodeLocalDns manifest, the ConfigMap holding a <c>Corefile</c> key is CoreDNS's (the one named
/// <c>coredns</c> when there are several); one with <c>stubDomains</c>/<c>upstreamNameservers</c> (or named
/// <c>kube-dns</c>) is the legacy kube-dns config; any other ConfigMap is mounted where AKS and k3s mount
/// <c>coredns-custom</c>. With a manifest, the ConfigMaps are the ones its spec names, exactly as the operator reads them.
/// </summary>
internal static class InputDocuments
{
    /// <summary>Reads the inputs; <paramref name="texts"/> are (name, content) pairs.</summary>
    /// <exception cref="InvalidDataException">A YAML document does not parse.</exception>
    public static (ClusterDnsInputs Inputs, List<Diagnostic> Notes) Load(IEnumerable<(string Name, string Text)> texts, string? clusterDomain, string customMountPath, NodeLocalDnsSpec? spec = null)
    {
        var notes = new List<Diagnostic>();
        var seen = new List<string>();
        var configMaps = new List<ConfigMapData>();
        var rawCorefiles = new List<ConfigMapData>();
        foreach (var (name, text) in texts)
        {
            if (LooksLikeKubernetesYaml(text))
            {
                configMaps.AddRange(ReadYaml(name, text, notes, seen));
            }
            else
            {
                var raw = new ConfigMapData("kube-system", "coredns", new Dictionary<string, string> { ["Corefile"] = text });
                rawCorefiles.Add(raw);
                configMaps.Add(raw);
            }
        }

        var inputs = spec is null ? Classify(configMaps, notes, clusterDomain, customMountPath) : ForSpec(configMaps, rawCorefiles, notes, spec);
        var given = seen.Count == 0 ? "nothing a Corefile could come from" : string.Join("; ", seen);
        return (inputs with
        {
            MissingConfigMapAdvice = spec is null
                ? $"pass it too: -f coredns-custom.yaml (kubectl -n kube-system get configmap coredns-custom -o yaml > coredns-custom.yaml); ConfigMaps given with -f are mounted at {customMountPath}, --custom-mount changes that"
                : "pass it with -f and list it in spec.stubDomains.customConfigMaps of the NodeLocalDns manifest, with mountPath {dir}",
            NoCorefileAdvice = spec is null
                ? $"the inputs held {given}; pass CoreDNS's own ConfigMap too: -f coredns.yaml (kubectl -n kube-system get configmap coredns -o yaml > coredns.yaml)"
                : $"the inputs held {given}; pass ConfigMap {spec.StubDomains.CoreDnsConfigMap} (spec.stubDomains.coreDNSConfigMap of the manifest) with -f, or a raw Corefile",
        }, notes);
    }

    private static ClusterDnsInputs Classify(List<ConfigMapData> configMaps, List<Diagnostic> notes, string? clusterDomain, string customMountPath)
    {
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

        return new ClusterDnsInputs { CoreDns = coreDns, KubeDns = kubeDns, Mounted = mounted, ClusterDomain = clusterDomain };
    }

    /// <summary>The inputs the operator would read for <paramref name="spec"/>: a raw Corefile stands for the ConfigMap the spec names for CoreDNS.</summary>
    private static ClusterDnsInputs ForSpec(List<ConfigMapData> configMaps, List<ConfigMapData> rawCorefiles, List<Diagnostic> notes, NodeLocalDnsSpec spec)
    {
        var coreDnsRef = spec.StubDomains.CoreDnsConfigMap;
        var byId = new Dictionary<(string, string), ConfigMapData>();
        foreach (var configMap in configMaps)
        {
            var key = rawCorefiles.Contains(configMap) ? (coreDnsRef.Namespace, coreDnsRef.Name) : (configMap.Namespace, configMap.Name);
            var data = rawCorefiles.Contains(configMap) ? configMap with { Namespace = coreDnsRef.Namespace, Name = coreDnsRef.Name } : configMap;
            if (!byId.TryAdd(key, data))
            {
                notes.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.InputIgnored, $"ConfigMap {data.Id} is given twice; the first is read.", data.Id));
            }
        }

        var inputs = ClusterDnsInputsFactory.For(spec, (ns, name) => byId.GetValueOrDefault((ns, name)));
        var read = new HashSet<string>(SpecInputs.ConfigMaps(spec).Select(c => $"{c.Namespace}/{c.Name}"), StringComparer.Ordinal);
        foreach (var ignored in byId.Values.Where(c => !read.Contains(c.Id)))
        {
            notes.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.InputIgnored,
                $"ConfigMap {ignored.Id} is not one the NodeLocalDns spec reads (spec.stubDomains names {string.Join(", ", read)}); the operator would ignore it, and so does this preview.", ignored.Id));
        }

        return inputs;
    }

    private static bool LooksLikeKubernetesYaml(string text) =>
        text.Split('\n').Any(line => line.StartsWith("apiVersion:", StringComparison.Ordinal) || line.StartsWith("kind:", StringComparison.Ordinal));

    private static IEnumerable<ConfigMapData> ReadYaml(string file, string text, List<Diagnostic> notes, List<string> seen)
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
                var hasData = item.Children.ContainsKey(new YamlScalarNode("data"));
                if (kind != "ConfigMap")
                {
                    var what = kind is null ? $"a document without kind{(name is null ? string.Empty : $" ({name})")}" : $"{kind} {name}";
                    seen.Add($"{file}:{item.Start.Line}: {what}, not read");
                    notes.Add(new Diagnostic(kind is null && hasData ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info, DiagnosticCodes.InputIgnored,
                        kind is null && hasData
                            ? $"{what} has data but no 'kind: ConfigMap'; kubectl and the API server would refuse it, so it is not read."
                            : $"{what} is not a ConfigMap; ignored.",
                        $"{file}:{item.Start.Line}"));
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

                var configMap = new ConfigMapData(metadata is null ? "kube-system" : Scalar(metadata, "namespace") ?? "kube-system", name ?? "unnamed", data);
                seen.Add(data.ContainsKey("Corefile")
                    ? $"ConfigMap {configMap.Id}"
                    : $"ConfigMap {configMap.Id} ({(data.Count == 0 ? "no keys" : "keys " + string.Join(", ", data.Keys.Order(StringComparer.Ordinal)))}), which is not a Corefile");
                yield return configMap;
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
