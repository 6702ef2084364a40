using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// Compile-time JSON metadata for kube-dns's ConfigMap values (<c>stubDomains</c>: a map from domain to name servers;
/// <c>upstreamNameservers</c>: a list), so they are read the same way in the NativeAOT operator, which cannot reflect.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class KubeDnsJsonContext : JsonSerializerContext;
