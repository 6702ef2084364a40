using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>Where the node cache sends a stub domain's queries.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StubRouting>))]
public enum StubRouting
{
    /// <summary>Straight to the stub domain's own servers, as kube-dns's stubDomains did.</summary>
    [JsonStringEnumMemberName("Direct")]
    Direct,

    /// <summary>To cluster DNS (kube-dns-upstream), so CoreDNS applies its own configuration for the zone.</summary>
    [JsonStringEnumMemberName("ViaClusterDNS")]
    ViaClusterDns,
}
