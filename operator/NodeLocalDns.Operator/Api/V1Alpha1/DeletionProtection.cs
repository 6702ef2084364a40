namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>
/// The guard against deleting a NodeLocalDns while pods ask its local IP directly. In ipvs and nftables modes kubelet's
/// clusterDNS is usually the local IP, so deleting the NodeLocalDns (a GitOps replace, <c>helm uninstall</c> of a
/// chart-made one) would take DNS from every pod at once. There the operator holds <see cref="Finalizer"/> until the
/// NodeLocalDns carries <see cref="ConfirmAnnotation"/>: <c>"true"</c>, keeping the node cache running meanwhile.
/// </summary>
public static class DeletionProtection
{
    /// <summary>The finalizer the operator adds in ipvs and nftables modes.</summary>
    public const string Finalizer = "dns.nodelocal.io/dns-outage-guard";

    /// <summary>The annotation that confirms a deletion (value <c>"true"</c>), set after kubelet's clusterDNS no longer points at the local IP.</summary>
    public const string ConfirmAnnotation = "dns.nodelocal.io/confirm-delete";

    /// <summary>Whether a NodeLocalDns with <paramref name="spec"/> is guarded: kube-proxy modes where kubelet sends pods to the local IP.</summary>
    public static bool IsGuarded(NodeLocalDnsSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.KubeProxyMode is KubeProxyMode.Ipvs or KubeProxyMode.Nftables;
    }
}
