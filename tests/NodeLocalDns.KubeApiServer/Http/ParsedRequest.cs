using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>A request resolved against the served resources.</summary>
internal sealed record ParsedRequest(RequestKind Kind, ApiRequestInfo Info, ResourceDefinition? Definition, bool LegacyWatchPath);
