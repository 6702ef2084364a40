using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.Api.Schema;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>CoreDNS cache <c>serve_stale</c>.</summary>
public sealed class ServeStaleSpec
{
    [JsonPropertyName("duration")]
    [Description("How long past expiry an entry may still be served, as a Go duration (e.g. 1h).")]
    [DefaultValue("1h")]
    [SchemaFormat("duration")]
    [RegularExpression(@"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")]
    public string Duration { get; set; } = "1h";

    [JsonPropertyName("verify")]
    [Description("Ask upstream first and serve the stale entry only when that fails (slower, fresher).")]
    [DefaultValue(false)]
    public bool Verify { get; set; }
}
