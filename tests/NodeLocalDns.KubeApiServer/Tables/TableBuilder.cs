using System.Globalization;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Tables;

/// <summary>
/// Builds <c>meta.k8s.io/v1 Table</c> responses (requested with <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>),
/// which is what <c>kubectl get</c> prints. Rows carry the object as selected by <c>includeObject</c>
/// (None, Metadata as PartialObjectMetadata — the default — or Object).
/// </summary>
internal static class TableBuilder
{
    public static JsonObject Build(
        ResourceDefinition definition,
        IEnumerable<JsonObject> objects,
        string includeObject,
        DateTimeOffset now,
        long? listResourceVersion,
        string? continueToken,
        bool noHeaders)
    {
        var columns = definition.Columns;
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
        };
        var metadata = new JsonObject();
        if (listResourceVersion is { } version)
        {
            metadata["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        table["metadata"] = metadata;
        if (!noHeaders)
        {
            var definitions = new JsonArray
            {
                new JsonObject
                {
                    ["name"] = "Name",
                    ["type"] = "string",
                    ["format"] = "name",
                    ["description"] = "Name must be unique within a namespace. Is required when creating resources, " +
                        "although some resources may allow a client to request the generation of an appropriate name automatically.",
                    ["priority"] = 0,
                },
            };
            foreach (var column in columns)
            {
                definitions.Add(new JsonObject
                {
                    ["name"] = column.Name,
                    ["type"] = column.Type,
                    ["format"] = column.Format,
                    ["description"] = column.Description,
                    ["priority"] = column.Priority,
                });
            }

            table["columnDefinitions"] = definitions;
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray { JsonNodes.Name(obj) };
            foreach (var column in columns)
            {
                cells.Add(column.Cell(obj, now));
            }

            var row = new JsonObject { ["cells"] = cells };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj.DeepClone();
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }

            rows.Add(row);
        }

        table["rows"] = rows;
        return table;
    }
}
