using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>The body and HTTP status of a completed write.</summary>
internal sealed record WriteResult(JsonObject Body, int StatusCode);
