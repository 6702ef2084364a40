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
}
