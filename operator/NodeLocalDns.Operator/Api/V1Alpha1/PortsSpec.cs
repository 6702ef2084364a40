using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.Api.Schema;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>The ports the node cache uses on the host network.</summary>
[ValidationRule("self.dns != self.health && self.dns != self.ready && self.dns != self.metrics" +
    " && self.health != self.ready && self.health != self.metrics && self.ready != self.metrics",
    "dns, health, ready and metrics ports must differ")]
public sealed class PortsSpec
{
    [JsonPropertyName("dns")]
    [Description("The DNS port.")]
    [DefaultValue(53)]
    [Range(1, 65535)]
    public int Dns { get; set; } = 53;

    [JsonPropertyName("health")]
    [Description("The /health port (liveness), on the first local IP.")]
    [DefaultValue(8080)]
    [Range(1, 65535)]
    public int Health { get; set; } = 8080;

    [JsonPropertyName("ready")]
    [Description("The /ready port (readiness), on the first local IP.")]
    [DefaultValue(8181)]
    [Range(1, 65535)]
    public int Ready { get; set; } = 8181;

    [JsonPropertyName("metrics")]
    [Description("The Prometheus port.")]
    [DefaultValue(9253)]
    [Range(1, 65535)]
    public int Metrics { get; set; } = 9253;
}
