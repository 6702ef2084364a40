using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>Cache sizes and TTL caps, defaulting to the addon's.</summary>
public sealed class CacheSpec
{
    [JsonPropertyName("successCapacity")]
    [Description("Entries for positive answers in the cluster domain.")]
    [DefaultValue(9984)]
    [Range(1, 1_000_000)]
    public int SuccessCapacity { get; set; } = 9984;

    [JsonPropertyName("successTTL")]
    [YamlMember(Alias = "successTTL", ApplyNamingConventions = false)]
    [Description("Maximum TTL in seconds for positive answers in the cluster domain.")]
    [DefaultValue(30)]
    [Range(1, 86_400)]
    public int SuccessTtl { get; set; } = 30;

    [JsonPropertyName("denialCapacity")]
    [Description("Entries for negative answers in the cluster domain.")]
    [DefaultValue(9984)]
    [Range(1, 1_000_000)]
    public int DenialCapacity { get; set; } = 9984;

    [JsonPropertyName("denialTTL")]
    [YamlMember(Alias = "denialTTL", ApplyNamingConventions = false)]
    [Description("Maximum TTL in seconds for negative answers in the cluster domain (short, so new StatefulSet names appear quickly).")]
    [DefaultValue(5)]
    [Range(1, 86_400)]
    public int DenialTtl { get; set; } = 5;

    [JsonPropertyName("defaultTTL")]
    [YamlMember(Alias = "defaultTTL", ApplyNamingConventions = false)]
    [Description("Maximum TTL in seconds for every other zone.")]
    [DefaultValue(30)]
    [Range(1, 86_400)]
    public int DefaultTtl { get; set; } = 30;

    [JsonPropertyName("prefetch")]
    [Description("Refresh popular entries before they expire.")]
    public PrefetchSpec? Prefetch { get; set; }

    [JsonPropertyName("serveStale")]
    [Description("Answer from expired entries when upstreams fail (RFC 8767).")]
    public ServeStaleSpec? ServeStale { get; set; }
}
