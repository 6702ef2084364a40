using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Api.Schema;

/// <summary>
/// The <c>NodeLocalDns</c> CustomResourceDefinition, generated from the C# API types (<c>make crds</c>
/// writes it to <c>crds/</c>; a test fails when the committed file is stale).
/// </summary>
public static class CrdGenerator
{
    /// <summary>The file name under <c>crds/</c>.</summary>
    public const string FileName = $"{V1Alpha1NodeLocalDns.ApiGroup}_{V1Alpha1NodeLocalDns.Plural}.yaml";

    private const string ReflectionNote = "The schema is built by reflection (OpenApiSchemaGenerator); the NativeAOT build embeds the generated CRD instead.";

    /// <summary>The CRD object.</summary>
    [RequiresUnreferencedCode(ReflectionNote)]
    public static V1CustomResourceDefinition NodeLocalDns()
    {
        var spec = OpenApiSchemaGenerator.For(typeof(NodeLocalDnsSpec));
        spec.Description = "What the node cache should be: addresses, where CoreDNS's config is read, routing, cache, and how the daemon runs.";
        spec.DefaultProperty = OpenApiSchemaGenerator.DefaultOf(new NodeLocalDnsSpec());
        var status = OpenApiSchemaGenerator.For(typeof(NodeLocalDnsStatus));
        status.Description = "What the operator did and what is wrong.";

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = $"{V1Alpha1NodeLocalDns.Plural}.{V1Alpha1NodeLocalDns.ApiGroup}",
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "nodelocal-operator" },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = V1Alpha1NodeLocalDns.ApiGroup,
                Scope = "Cluster",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = V1Alpha1NodeLocalDns.KindName,
                    ListKind = V1Alpha1NodeLocalDns.KindName + "List",
                    Plural = V1Alpha1NodeLocalDns.Plural,
                    Singular = V1Alpha1NodeLocalDns.KindName.ToLowerInvariant(),
                    ShortNames = [V1Alpha1NodeLocalDns.ShortName],
                    Categories = ["networking"],
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = V1Alpha1NodeLocalDns.Version,
                        Served = true,
                        Storage = true,
                        Subresources = new V1CustomResourceSubresources { Status = new Dictionary<string, object>() },
                        AdditionalPrinterColumns =
                        [
                            new V1CustomResourceColumnDefinition
                            {
                                Name = "Available",
                                Type = "string",
                                JsonPath = ".status.conditions[?(@.type==\"Available\")].status",
                            },
                            new V1CustomResourceColumnDefinition
                            {
                                Name = "Progressing",
                                Type = "string",
                                JsonPath = ".status.conditions[?(@.type==\"Progressing\")].status",
                            },
                            new V1CustomResourceColumnDefinition
                            {
                                Name = "Degraded",
                                Type = "string",
                                JsonPath = ".status.conditions[?(@.type==\"Degraded\")].status",
                            },
                            new V1CustomResourceColumnDefinition { Name = "Stub domains", Type = "integer", JsonPath = ".status.stubDomainCount" },
                            new V1CustomResourceColumnDefinition { Name = "Zones", Type = "integer", JsonPath = ".status.zoneCount" },
                            new V1CustomResourceColumnDefinition { Name = "Ready nodes", Type = "string", JsonPath = ".status.readyNodes" },
                            new V1CustomResourceColumnDefinition
                            {
                                Name = "Config valid",
                                Type = "string",
                                JsonPath = ".status.conditions[?(@.type==\"ConfigValid\")].status",
                                Priority = 1,
                            },
                            new V1CustomResourceColumnDefinition { Name = "Age", Type = "date", JsonPath = ".metadata.creationTimestamp" },
                        ],
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps
                            {
                                Type = "object",
                                Description = "NodeLocalDns runs NodeLocal DNSCache on every node and keeps CoreDNS's stub domains working through it.",
                                Properties = new Dictionary<string, V1JSONSchemaProps>
                                {
                                    ["apiVersion"] = new() { Type = "string" },
                                    ["kind"] = new() { Type = "string" },
                                    ["metadata"] = new() { Type = "object" },
                                    ["spec"] = spec,
                                    ["status"] = status,
                                },
                            },
                        },
                    },
                ],
            },
        };
    }

    /// <summary>The CRD as the YAML committed under <c>crds/</c>.</summary>
    [RequiresUnreferencedCode(ReflectionNote)]
    public static string NodeLocalDnsYaml() =>
        "# Generated from operator/NodeLocalDns.Operator/Api by `make crds`; do not edit.\n"
        + JsonYaml.Write(JsonNode.Parse(KubernetesJson.Serialize(NodeLocalDns()))!);
}
