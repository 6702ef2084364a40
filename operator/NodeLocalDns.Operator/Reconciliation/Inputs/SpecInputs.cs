using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>
/// The objects a NodeLocalDns reads besides its own children: the kube-dns Service its spec names, and the CoreDNS,
/// kube-dns and custom ConfigMaps. The reconcile reads exactly these and <see cref="InputMappers"/> wakes a
/// NodeLocalDns exactly when one of them changes; both ask this class, so they cannot drift apart. Pure.
/// </summary>
public static class SpecInputs
{
    /// <summary>The kube-dns Service.</summary>
    public static (string Namespace, string Name) KubeDnsService(NodeLocalDnsSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return (spec.KubeDnsService.Namespace, spec.KubeDnsService.Name);
    }

    /// <summary>Every ConfigMap the cluster's DNS config is read from: CoreDNS's, kube-dns's, then the custom ones, in that order.</summary>
    public static IEnumerable<(string Namespace, string Name)> ConfigMaps(NodeLocalDnsSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var source = spec.StubDomains;
        yield return (source.CoreDnsConfigMap.Namespace, source.CoreDnsConfigMap.Name);
        yield return (source.KubeDnsConfigMap.Namespace, source.KubeDnsConfigMap.Name);
        foreach (var custom in source.CustomConfigMaps)
        {
            yield return (custom.Namespace, custom.Name);
        }
    }

    /// <summary>Whether <paramref name="spec"/> reads the Service <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public static bool ReadsService(NodeLocalDnsSpec spec, string ns, string name) => KubeDnsService(spec) == (ns, name);

    /// <summary>Whether <paramref name="spec"/> reads the ConfigMap <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public static bool ReadsConfigMap(NodeLocalDnsSpec spec, string ns, string name) => ConfigMaps(spec).Contains((ns, name));
}
