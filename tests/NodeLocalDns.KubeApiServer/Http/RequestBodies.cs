using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Operations;

namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>Reads request bodies: objects as JSON or YAML, patches as text, and DeleteOptions.</summary>
internal static class RequestBodies
{
    public static async Task<string> ReadTextAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    /// <summary>The media type without parameters, lower case (<c>application/merge-patch+json</c>).</summary>
    public static string MediaType(string? contentType) =>
        (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var mediaType = MediaType(context.Request.ContentType);
        var text = await ReadTextAsync(context);
        JsonNode? parsed;
        switch (mediaType)
        {
            case "" or "application/json" or "*/*":
                try
                {
                    parsed = JsonNode.Parse(text);
                }
                catch (JsonException error)
                {
                    throw ApiErrors.BadRequest("couldn't get version/kind; json parse error: " + error.Message);
                }

                break;
            case "application/yaml":
                try
                {
                    parsed = YamlToJson.Parse(text);
                }
                catch (YamlDotNet.Core.YamlException error)
                {
                    throw ApiErrors.BadRequest("error converting YAML to JSON: " + error.Message);
                }

                break;
            default:
                // Protobuf would need the Go types' schemas; this server stores schemaless JSON. kubectl's imperative
                // generators (kubectl create configmap ...) send protobuf; kubectl create -f and apply send JSON.
                throw ApiErrors.UnsupportedMediaType(mediaType, ["application/json", "application/yaml"]);
        }

        return parsed as JsonObject ?? throw ApiErrors.BadRequest("couldn't get version/kind; json parse error: the body is not a JSON object");
    }

    /// <summary>DeleteOptions from the body (if any) and the query, the query winning as in the apiserver's decoding order.</summary>
    public static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext context, IReadOnlyDictionary<string, string> query)
    {
        var options = DeleteOptions.Default;
        var text = await ReadTextAsync(context);
        if (!string.IsNullOrWhiteSpace(text))
        {
            JsonObject body;
            try
            {
                body = JsonNode.Parse(text) as JsonObject ?? throw ApiErrors.BadRequest("DeleteOptions must be an object");
            }
            catch (JsonException error)
            {
                throw ApiErrors.BadRequest("couldn't decode DeleteOptions: " + error.Message);
            }

            if (JsonNodes.GetNode(body, "orphanDependents") is JsonValue orphan && orphan.TryGetValue<bool>(out var orphanDependents))
            {
                options = options with { Propagation = orphanDependents ? PropagationPolicy.Orphan : PropagationPolicy.Background };
            }

            if (JsonNodes.GetString(body, "propagationPolicy") is { } policy)
            {
                options = options with { Propagation = ParsePolicy(policy) };
            }

            options = options with
            {
                PreconditionUid = JsonNodes.GetString(body, "preconditions", "uid"),
                PreconditionResourceVersion = JsonNodes.GetString(body, "preconditions", "resourceVersion"),
                DryRun = JsonNodes.StringList(body["dryRun"]).Contains("All"),
            };
        }

        if (query.TryGetValue("propagationPolicy", out var queryPolicy))
        {
            options = options with { Propagation = ParsePolicy(queryPolicy) };
        }

        if (query.TryGetValue("orphanDependents", out var queryOrphan))
        {
            options = options with { Propagation = queryOrphan == "true" ? PropagationPolicy.Orphan : PropagationPolicy.Background };
        }

        if (query.TryGetValue("dryRun", out var dryRun))
        {
            options = options with { DryRun = ParseDryRun(dryRun) };
        }

        return options;
    }

    public static bool ParseDryRun(string? value) => value switch
    {
        null or "" => false,
        "All" => true,
        _ => throw ApiErrors.BadRequest($"dryRun: Unsupported value: \"{value}\": supported values: \"All\""),
    };

    private static PropagationPolicy ParsePolicy(string policy) => policy switch
    {
        "Background" => PropagationPolicy.Background,
        "Foreground" => PropagationPolicy.Foreground,
        "Orphan" => PropagationPolicy.Orphan,
        _ => throw ApiErrors.Invalid(string.Empty, "DeleteOptions", string.Empty,
            [new StatusCause("FieldValueNotSupported",
                $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"", "propagationPolicy")]),
    };
}
