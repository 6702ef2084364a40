using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.Api.Schema;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>CoreDNS cache <c>prefetch</c>.</summary>
public sealed class PrefetchSpec
{
    [JsonPropertyName("amount")]
    [Description("How many queries within duration make an entry worth prefetching.")]
    [DefaultValue(10)]
    [Range(1, 1_000_000)]
    public int Amount { get; set; } = 10;

    [JsonPropertyName("duration")]
    [Description("The window, as a Go duration (e.g. 1m).")]
    [DefaultValue("1m")]
    [SchemaFormat("duration")]
    [RegularExpression(@"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")]
    public string Duration { get; set; } = "1m";

    [JsonPropertyName("percentage")]
    [Description("Prefetch when this percentage of the TTL remains.")]
    [DefaultValue(10)]
    [Range(1, 100)]
    public int Percentage { get; set; } = 10;
}
