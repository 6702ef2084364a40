using System.Globalization;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Operations;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Storage;
using NodeLocalDns.KubeApiServer.Tables;

namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>
/// Turns stored objects into the representation the client negotiated: the object itself, a Table, or
/// PartialObjectMetadata; lists as <c>{Kind}List</c>.
/// </summary>
internal sealed class ResponseShaper
{
    private readonly AcceptHeader _accept;
    private readonly IReadOnlyDictionary<string, string> _query;
    private readonly TimeProvider _time;

    public ResponseShaper(AcceptHeader accept, IReadOnlyDictionary<string, string> query, TimeProvider time)
    {
        _accept = accept;
        _query = query;
        _time = time;
    }

    public JsonObject Single(ResourceDefinition definition, JsonObject obj)
    {
        if (_accept.WantsTable)
        {
            return Table(definition, [obj],
                JsonNodes.GetString(obj, "metadata", "resourceVersion") is { } version
                    ? long.Parse(version, CultureInfo.InvariantCulture)
                    : null,
                null);
        }

        if (_accept.WantsPartialObjectMetadata)
        {
            return PartialObjectMetadata(obj);
        }

        return obj;
    }

    public JsonObject List(ResourceDefinition definition, ListResult result)
    {
        var objects = result.Items.Select(item => ObjectWriter.Present(definition, item.ToJsonObject())).ToList();
        if (_accept.WantsTable)
        {
            return Table(definition, objects, result.ResourceVersion, result.Continue);
        }

        var metadata = new JsonObject { ["resourceVersion"] = result.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (result.Continue is not null)
        {
            metadata["continue"] = result.Continue;
        }

        if (result.RemainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        var items = new JsonArray();
        foreach (var obj in objects)
        {
            if (_accept.WantsPartialObjectMetadata)
            {
                items.Add(PartialObjectMetadata(obj));
                continue;
            }

            if (!definition.IsCustom)
            {
                // Typed lists of built-in kinds carry no kind/apiVersion on their items; unstructured (custom) ones do.
                obj.Remove("kind");
                obj.Remove("apiVersion");
            }

            items.Add(obj);
        }

        return _accept.WantsPartialObjectMetadata
            ? new JsonObject { ["kind"] = "PartialObjectMetadataList", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = metadata, ["items"] = items }
            : new JsonObject { ["kind"] = definition.ListKind, ["apiVersion"] = definition.GroupVersion, ["metadata"] = metadata, ["items"] = items };
    }

    /// <summary>The object of one watch event in the negotiated shape.</summary>
    public JsonObject WatchObject(ResourceDefinition definition, StoredObject obj)
    {
        var presented = ObjectWriter.Present(definition, obj.ToJsonObject());
        return _accept.WantsTable ? Table(definition, [presented], null, null) : Single(definition, presented);
    }

    private JsonObject Table(ResourceDefinition definition, IEnumerable<JsonObject> objects, long? resourceVersion, string? continueToken) =>
        TableBuilder.Build(
            definition,
            objects,
            _query.GetValueOrDefault("includeObject") ?? "Metadata",
            _time.GetUtcNow(),
            resourceVersion,
            continueToken,
            noHeaders: _query.GetValueOrDefault("noHeaders") == "true");

    private static JsonObject PartialObjectMetadata(JsonObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj["metadata"]?.DeepClone(),
    };
}
