using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>What a reconcile observed before it changed anything: the NodeLocalDns, what its spec reads, and its children.</summary>
public sealed record ReconcileInputs
{
    /// <summary>The NodeLocalDns: a private copy (never the informer's object), its spec defaulted when absent.</summary>
    public required V1Alpha1NodeLocalDns Owner { get; init; }

    /// <summary>The kube-dns Service, or null when it is missing.</summary>
    public V1Service? KubeDnsService { get; init; }

    /// <summary>The cluster's DNS config as read now, or the last good one when it no longer parses; null if none was ever read.</summary>
    public ClusterDnsConfig? ClusterDns { get; init; }

    /// <summary>The located error when the cluster's DNS config could not be read; null when it was.</summary>
    public string? ClusterDnsError { get; init; }

    /// <summary>The CoreDNS release the DNS config was checked against, and why that one.</summary>
    public string? CoreDnsVersion { get; init; }

    /// <summary>The children as they are.</summary>
    public required LiveChildren Live { get; init; }

    /// <summary>Every node-cache DaemonSet in the children's namespace, this one's included.</summary>
    public IReadOnlyList<V1DaemonSet> NodeCacheDaemonSets { get; init; } = [];

    /// <summary>The kube-dns ClusterIP, or null when the Service is missing or headless.</summary>
    public string? ClusterDnsIp => ClusterIp.Of(KubeDnsService);

    /// <summary>The addresses the cache listens on: <c>spec.localIPs</c>, else one per IP family of the kube-dns Service.</summary>
    public IReadOnlyList<string> LocalIps => Owner.Spec.LocalIps is { Count: > 0 } ips
        ? ips
        : LocalIpDefaults.ForFamilies(KubeDnsService?.Spec?.IpFamilies is { Count: > 0 } families
            ? families
            : [LocalIpDefaults.FamilyOf(ClusterDnsIp) ?? "IPv4"]);
}
