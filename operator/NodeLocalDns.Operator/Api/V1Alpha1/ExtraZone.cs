using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.Api.Schema;
using YamlDotNet.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>A stub domain listed in the spec itself, in addition to those read from CoreDNS.</summary>
public sealed class ExtraZone
{
    [JsonPropertyName("zone")]
    [Description("The zone, e.g. corp.example.")]
    [Required]
    [RegularExpression(@"^([a-zA-Z0-9_]([-a-zA-Z0-9_]*[a-zA-Z0-9_])?\.)*[a-zA-Z0-9_]([-a-zA-Z0-9_]*[a-zA-Z0-9_])?\.?$")]
    [StringLength(253)]
    public string Zone { get; set; } = string.Empty;

    [JsonPropertyName("servers")]
    [Description("Name servers as IP or IP:port ([IPv6]:port).")]
    [Required]
    [ListItems(MinItems = 1, MaxItems = 15)]
    public List<string> Servers { get; set; } = [];

    [JsonPropertyName("forceTCP")]
    [YamlMember(Alias = "forceTCP", ApplyNamingConventions = false)]
    [Description("Always use TCP to these servers.")]
    [DefaultValue(false)]
    public bool ForceTcp { get; set; }
}
