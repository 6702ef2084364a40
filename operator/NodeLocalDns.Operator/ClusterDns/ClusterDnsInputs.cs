namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// Everything the cluster's DNS config is read from: CoreDNS's ConfigMap (key <c>Corefile</c>, its other
/// keys mounted beside it at <c>/etc/coredns</c>), ConfigMaps CoreDNS mounts for imports, and the legacy
/// kube-dns ConfigMap. Any of them may be absent.
/// </summary>
public sealed record ClusterDnsInputs
{
    /// <summary>Where CoreDNS's own ConfigMap is mounted in its pod.</summary>
    public const string CoreDnsMountPath = "/etc/coredns";

    /// <summary>Where AKS and k3s mount <c>coredns-custom</c>.</summary>
    public const string CustomMountPath = "/etc/coredns/custom";

    /// <summary>The CoreDNS ConfigMap (<c>kube-system/coredns</c>), holding the key <c>Corefile</c>.</summary>
    public ConfigMapData? CoreDns { get; init; }

    /// <summary>Further ConfigMaps mounted into CoreDNS's pod, whose keys the Corefile may import.</summary>
    public IReadOnlyList<MountedConfigMap> Mounted { get; init; } = [];

    /// <summary>The legacy kube-dns ConfigMap (<c>kube-system/kube-dns</c>) with <c>stubDomains</c> and <c>upstreamNameservers</c>.</summary>
    public ConfigMapData? KubeDns { get; init; }

    /// <summary>The cluster domain, when the caller knows it; otherwise it is read from the <c>kubernetes</c> plugin.</summary>
    public string? ClusterDomain { get; init; }

    /// <summary>The CoreDNS release to validate against: the one the cluster runs, when known.</summary>
    public CoreDnsVersion CoreDnsVersion { get; init; } = CoreDnsVersion.Newest;

    /// <summary>Why <see cref="CoreDnsVersion"/> is the one (told in the <c>CoreDnsVersion</c> diagnostic).</summary>
    public string CoreDnsVersionReason { get; init; } = "nothing says which release the cluster runs, so the newest known is assumed";

    /// <summary>
    /// Where ConfigMaps were looked for and do not exist (CoreDNS mounts <c>coredns-custom</c> as optional): an import
    /// from there matches nothing in CoreDNS's pod either, so nothing is lost.
    /// </summary>
    public IReadOnlyList<string> AbsentMountPaths { get; init; } = [];

    /// <summary>
    /// How to supply a ConfigMap the Corefile imports from but the inputs lack; <c>{dir}</c> is its mount path. The CLI
    /// names the file to pass, the operator the spec field to set.
    /// </summary>
    public string MissingConfigMapAdvice { get; init; } = "give the ConfigMap CoreDNS mounts at {dir} too";

    /// <summary>The CoreDNS ConfigMap that was looked for and does not exist (<c>kube-system/coredns (spec.…)</c>), when one was.</summary>
    public string? MissingCoreDnsConfigMap { get; init; }

    /// <summary>What to supply when no Corefile is among the inputs, said after what was expected.</summary>
    public string NoCorefileAdvice { get; init; } = "give CoreDNS's ConfigMap (kubectl -n kube-system get configmap coredns -o yaml)";
}
