using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>Where the node cache's Prometheus endpoint (<c>ports.metrics</c>) listens on the node.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricsAddress>))]
public enum MetricsAddress
{
    /// <summary>
    /// The node's own address (the pod's <c>status.hostIP</c>): where Prometheus scrapes a host-network pod, because the
    /// pod IP of such a pod, and so the endpoint of the headless metrics Service, is its node's IP.
    /// </summary>
    [JsonStringEnumMemberName("NodeIP")]
    NodeIp,

    /// <summary>The first local IP: reachable only from the node itself (a node-local agent that scrapes it).</summary>
    [JsonStringEnumMemberName("LocalIP")]
    LocalIp,

    /// <summary>Every address of the host, as the addon's <c>prometheus :9253</c> does (kubernetes/dns#542 asks for less).</summary>
    [JsonStringEnumMemberName("AllAddresses")]
    AllAddresses,
}
