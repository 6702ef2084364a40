namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>What each <see cref="KubeProxyMode"/> means for the node cache, decided once for the renderer and the DaemonSet.</summary>
public static class KubeProxyModes
{
    /// <summary>
    /// Whether the cache also binds the kube-dns ClusterIP. In iptables and nftables mode the ClusterIP is on
    /// no interface and kube-proxy only DNATs it, so the cache can hold it and NOTRACK rules keep kube-proxy
    /// away; in ipvs mode kube-ipvs0 already holds it.
    /// </summary>
    public static bool BindsClusterDnsIp(this KubeProxyMode mode) => mode is KubeProxyMode.Iptables or KubeProxyMode.Nftables;

    /// <summary>The daemon flag that installs the rules kube-proxy's mode needs (iptables rules also in ipvs mode, as node-cache).</summary>
    public static string RulesFlag(this KubeProxyMode mode) => mode == KubeProxyMode.Nftables ? "-setupnftables" : "-setupiptables";
}
