using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>How kube-proxy implements Services on the nodes; it decides which addresses the cache may bind.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KubeProxyMode>))]
public enum KubeProxyMode
{
    /// <summary>
    /// The cache binds the link-local IP and the kube-dns ClusterIP (NOTRACK rules let it answer the
    /// ClusterIP locally), so pods keep using the kube-dns IP and kubelet needs no change.
    /// </summary>
    [JsonStringEnumMemberName("iptables")]
    Iptables,

    /// <summary>
    /// kube-ipvs0 already holds every ClusterIP, so the cache binds only the link-local IP; kubelet's
    /// <c>--cluster-dns</c> must point at it.
    /// </summary>
    [JsonStringEnumMemberName("ipvs")]
    Ipvs,

    /// <summary>
    /// As iptables mode: the cache binds the link-local IP and the kube-dns ClusterIP, with the NOTRACK rules
    /// in an nftables table of its own at priority raw (before kube-proxy's DNAT), so kubelet needs no change.
    /// </summary>
    [JsonStringEnumMemberName("nftables")]
    Nftables,
}
