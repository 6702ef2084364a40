using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Tables;

/// <summary>
/// One column of a <c>meta.k8s.io/v1 Table</c>: its definition as sent in <c>columnDefinitions</c> and how a cell is
/// computed from an object at a given time (ages are rendered by the server, as the built-in printers and the CRD
/// table convertor do).
/// </summary>
internal sealed record TableColumn(
    string Name,
    string Type,
    string Format,
    string Description,
    int Priority,
    Func<JsonObject, DateTimeOffset, JsonNode?> Cell);
