using System.Net;
using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Tests.Support;

/// <summary>A raw HTTP answer from the server: status code, headers of interest and the JSON body.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, JsonNode? Body, string? ContentType, string? RetryAfter)
{
    public JsonObject Object => Body as JsonObject ?? throw new InvalidOperationException("the response body is not an object: " + Body);

    public int Code => (int)Status;

    public string? Reason => Object["reason"]?.GetValue<string>();

    public string? ResourceVersion => Object["metadata"]?["resourceVersion"]?.GetValue<string>();
}
