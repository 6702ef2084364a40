using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>A reference to a namespaced object by namespace and name.</summary>
public sealed class NamespacedName
{
    [JsonPropertyName("namespace")]
    [Description("Namespace of the object.")]
    [DefaultValue("kube-system")]
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    [StringLength(63)]
    public string Namespace { get; set; } = "kube-system";

    [JsonPropertyName("name")]
    [Description("Name of the object.")]
    [Required]
    [RegularExpression("^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$")]
    [StringLength(253)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Creates a reference.</summary>
    public static NamespacedName Of(string @namespace, string name) => new() { Namespace = @namespace, Name = name };

    /// <inheritdoc />
    public override string ToString() => $"{Namespace}/{Name}";
}
