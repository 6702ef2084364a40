using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>
/// Compile-time JSON metadata for the NodeLocalDns types (and every type they reach). The published operator is
/// NativeAOT, where System.Text.Json cannot reflect: KubernetesClient.Aot's serializer knows only the built-in models,
/// so <see cref="ApiJson.Register"/> puts this context in front of it. The client's options (camelCase names where no
/// <see cref="JsonPropertyNameAttribute"/> says otherwise, nulls left out, its date formats) still apply.
/// </summary>
[JsonSerializable(typeof(V1Alpha1NodeLocalDns))]
[JsonSerializable(typeof(V1Alpha1NodeLocalDnsList))]
[JsonSerializable(typeof(NodeLocalDnsSpec))]
[JsonSerializable(typeof(NodeLocalDnsStatus))]
internal sealed partial class NodeLocalDnsJsonContext : JsonSerializerContext;
