using System.Text.Json;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Errors;

namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>
/// JSON Patch (RFC 6902): add, remove, replace, move, copy and test, applied in order to a copy of the object.
/// A malformed patch document is a 400; an operation that cannot be applied is a 422, as in the apiserver.
/// </summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        var document = target.DeepClone();
        foreach (var item in operations)
        {
            if (item is not JsonObject operation || operation["op"] is not JsonValue opValue || !opValue.TryGetValue<string>(out var op))
            {
                throw ApiErrors.BadRequest("json patch operation is missing \"op\"");
            }

            try
            {
                document = ApplyOne(document, op, operation);
            }
            catch (JsonPatchException error)
            {
                throw new ApiException(422, "Invalid", error.Message);
            }
            catch (FormatException error)
            {
                throw ApiErrors.BadRequest(error.Message);
            }
        }

        return document;
    }

    private static JsonNode ApplyOne(JsonNode document, string op, JsonObject operation)
    {
        var path = JsonPointer.Parse(RequiredString(operation, "path", op));
        switch (op)
        {
            case "add":
                return Add(document, path, RequiredValue(operation, op));
            case "remove":
                Remove(document, path);
                return document;
            case "replace":
                if (path.IsRoot)
                {
                    return RequiredValue(operation, op)?.DeepClone() ?? throw new JsonPatchException("replace of the whole document with null");
                }

                Remove(document, path);
                return Add(document, path, RequiredValue(operation, op));
            case "move":
                {
                    var from = JsonPointer.Parse(RequiredString(operation, "from", op));
                    var value = from.Resolve(document)?.DeepClone();
                    Remove(document, from);
                    return Add(document, path, value);
                }

            case "copy":
                {
                    var from = JsonPointer.Parse(RequiredString(operation, "from", op));
                    return Add(document, path, from.Resolve(document)?.DeepClone());
                }

            case "test":
                {
                    var expected = RequiredValue(operation, op);
                    JsonNode? actual;
                    try
                    {
                        actual = path.Resolve(document);
                    }
                    catch (JsonPatchException)
                    {
                        throw new JsonPatchException($"testing value {path.Text} failed: test operation failed");
                    }

                    if (!JsonNode.DeepEquals(actual, expected))
                    {
                        throw new JsonPatchException($"testing value {path.Text} failed: test operation failed");
                    }

                    return document;
                }

            default:
                throw ApiErrors.BadRequest($"Unexpected kind: {op}");
        }
    }

    private static JsonNode Add(JsonNode document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value?.DeepClone() ?? throw new JsonPatchException("add of null as the whole document");
        }

        var parent = path.Parent(document);
        switch (parent)
        {
            case JsonObject obj:
                obj[path.Last] = value?.DeepClone();
                break;
            case JsonArray array:
                array.Insert(JsonPointer.ArrayIndex(array, path.Last, allowEnd: true), value?.DeepClone());
                break;
            default:
                throw new JsonPatchException($"doc is missing path: \"{path.Text}\"");
        }

        return document;
    }

    private static void Remove(JsonNode document, JsonPointer path)
    {
        if (path.IsRoot)
        {
            throw new JsonPatchException("cannot remove the whole document");
        }

        switch (path.Parent(document))
        {
            case JsonObject obj when obj.ContainsKey(path.Last):
                obj.Remove(path.Last);
                break;
            case JsonArray array:
                array.RemoveAt(JsonPointer.ArrayIndex(array, path.Last, allowEnd: false));
                break;
            default:
                throw new JsonPatchException($"Unable to remove nonexistent key: {path.Last}: missing value");
        }
    }

    private static string RequiredString(JsonObject operation, string name, string op) =>
        operation[name] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw ApiErrors.BadRequest($"json patch {op} operation is missing \"{name}\"");

    private static JsonNode? RequiredValue(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value
            : throw ApiErrors.BadRequest($"json patch {op} operation does not have a value");

    /// <summary>Parses a patch body; bad JSON is a 400.</summary>
    public static JsonNode? ParseBody(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException error)
        {
            throw ApiErrors.BadRequest("error decoding patch: " + error.Message);
        }
    }
}
