using System.Globalization;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;

namespace NodeLocalDns.KubeApiServer.Tables;

/// <summary>
/// Column sets for the built-in kinds, following the apiserver's printers (pkg/printers/internalversion) for the
/// columns that are cheap to compute here, and the CRD printer columns for custom resources.
/// </summary>
internal static class TableColumns
{
    public static readonly TableColumn Age = new("Age", "string", string.Empty,
        "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
        (obj, now) => AgeOf(JsonNodes.GetString(obj, "metadata", "creationTimestamp"), now));

    public static IReadOnlyList<TableColumn> AgeOnly { get; } = [Age];

    public static IReadOnlyList<TableColumn> ConfigMaps { get; } =
    [
        Column("Data", "integer", obj => ((JsonNodes.GetNode(obj, "data") as JsonObject)?.Count ?? 0)
            + ((JsonNodes.GetNode(obj, "binaryData") as JsonObject)?.Count ?? 0)),
        Age,
    ];

    public static IReadOnlyList<TableColumn> Namespaces { get; } =
    [
        Column("Status", "string", obj => JsonNodes.GetString(obj, "status", "phase")),
        Age,
    ];

    public static IReadOnlyList<TableColumn> Services { get; } =
    [
        Column("Type", "string", obj => JsonNodes.GetString(obj, "spec", "type")),
        Column("Cluster-IP", "string", obj => JsonNodes.GetString(obj, "spec", "clusterIP") ?? "<none>"),
        Column("External-IP", "string", obj => ExternalIps(obj)),
        Column("Port(s)", "string", obj => Ports(obj)),
        Age,
    ];

    public static IReadOnlyList<TableColumn> DaemonSets { get; } =
    [
        Column("Desired", "integer", obj => JsonNodes.GetInt64(obj, "status", "desiredNumberScheduled") ?? 0),
        Column("Current", "integer", obj => JsonNodes.GetInt64(obj, "status", "currentNumberScheduled") ?? 0),
        Column("Ready", "integer", obj => JsonNodes.GetInt64(obj, "status", "numberReady") ?? 0),
        Column("Up-to-date", "integer", obj => JsonNodes.GetInt64(obj, "status", "updatedNumberScheduled") ?? 0),
        Column("Available", "integer", obj => JsonNodes.GetInt64(obj, "status", "numberAvailable") ?? 0),
        Column("Node Selector", "string", obj => NodeSelector(obj)),
        Age,
    ];

    public static IReadOnlyList<TableColumn> Deployments { get; } =
    [
        Column("Ready", "string", obj => $"{JsonNodes.GetInt64(obj, "status", "readyReplicas") ?? 0}/{JsonNodes.GetInt64(obj, "spec", "replicas") ?? 0}"),
        Column("Up-to-date", "integer", obj => JsonNodes.GetInt64(obj, "status", "updatedReplicas") ?? 0),
        Column("Available", "integer", obj => JsonNodes.GetInt64(obj, "status", "availableReplicas") ?? 0),
        Age,
    ];

    public static IReadOnlyList<TableColumn> Pods { get; } =
    [
        Column("Status", "string", obj => JsonNodes.GetString(obj, "status", "phase")),
        Age,
    ];

    public static IReadOnlyList<TableColumn> Nodes { get; } =
    [
        Column("Status", "string", obj => NodeStatus(obj)),
        Age,
    ];

    public static IReadOnlyList<TableColumn> Leases { get; } =
    [
        Column("Holder", "string", obj => JsonNodes.GetString(obj, "spec", "holderIdentity") ?? string.Empty),
        Age,
    ];

    public static IReadOnlyList<TableColumn> CustomResourceDefinitions { get; } =
    [
        new("Created At", "date", string.Empty, "creation time", 0, (obj, _) => JsonNodes.GetString(obj, "metadata", "creationTimestamp")),
    ];

    /// <summary>
    /// The columns of a custom resource version from its CRD, as the CRD table convertor builds them; without
    /// additionalPrinterColumns the apiserver shows AGE.
    /// </summary>
    public static IReadOnlyList<TableColumn> ForCustomResource(JsonArray? printerColumns)
    {
        if (printerColumns is null || printerColumns.Count == 0)
        {
            return AgeOnly;
        }

        var columns = new List<TableColumn>();
        foreach (var column in printerColumns.OfType<JsonObject>())
        {
            var name = JsonNodes.GetString(column, "name") ?? string.Empty;
            var type = JsonNodes.GetString(column, "type") ?? "string";
            var jsonPath = JsonNodes.GetString(column, "jsonPath") ?? string.Empty;
            var description = JsonNodes.GetString(column, "description") ?? $"Custom resource definition column (in JSONPath format): {jsonPath}";
            JsonPathExpression? path;
            try
            {
                path = JsonPathExpression.Parse(jsonPath);
            }
            catch (FormatException)
            {
                path = null;
            }

            columns.Add(new TableColumn(name, type, JsonNodes.GetString(column, "format") ?? string.Empty, description,
                (int)(JsonNodes.GetInt64(column, "priority") ?? 0),
                (obj, now) => CustomCell(path, type, obj, now)));
        }

        return columns;
    }

    /// <summary>cellForJSONValue of the CRD table convertor: typed cells, dates rendered as ages, mismatches as null.</summary>
    private static JsonNode? CustomCell(JsonPathExpression? path, string type, JsonObject obj, DateTimeOffset now)
    {
        var results = path?.Evaluate(obj);
        if (results is null || results.Count == 0 || results[0] is null)
        {
            return null;
        }

        var value = results[0];
        if (type == "string")
        {
            return JsonNodes.ToDisplayString(value);
        }

        if (value is not JsonValue scalar)
        {
            return null;
        }

        return type switch
        {
            "integer" when scalar.TryGetValue<double>(out var number) => (long)number,
            "number" when scalar.TryGetValue<double>(out var number) => number,
            "boolean" when scalar.TryGetValue<bool>(out var flag) => flag,
            "date" when scalar.TryGetValue<string>(out var text) => JsonNodes.TryParseTime(text, out _) ? AgeOf(text, now) : "<invalid>",
            _ => null,
        };
    }

    private static JsonNode? AgeOf(string? timestamp, DateTimeOffset now) =>
        JsonNodes.TryParseTime(timestamp, out var created) ? HumanDuration.Format(now - created) : "<unknown>";

    private static TableColumn Column(string name, string type, Func<JsonObject, JsonNode?> cell) =>
        new(name, type, string.Empty, name, 0, (obj, _) => cell(obj));

    private static string ExternalIps(JsonObject obj)
    {
        var ips = JsonNodes.StringList(JsonNodes.GetNode(obj, "spec", "externalIPs"));
        if (JsonNodes.GetNode(obj, "status", "loadBalancer", "ingress") is JsonArray ingress)
        {
            ips.AddRange(ingress.Select(item => JsonNodes.GetString(item, "ip") ?? JsonNodes.GetString(item, "hostname")).OfType<string>());
        }

        return JsonNodes.GetString(obj, "spec", "type") switch
        {
            "ExternalName" => JsonNodes.GetString(obj, "spec", "externalName") ?? "<none>",
            "LoadBalancer" when ips.Count == 0 => "<pending>",
            _ => ips.Count == 0 ? "<none>" : string.Join(",", ips),
        };
    }

    private static string Ports(JsonObject obj)
    {
        if (JsonNodes.GetNode(obj, "spec", "ports") is not JsonArray ports || ports.Count == 0)
        {
            return "<none>";
        }

        return string.Join(",", ports.Select(port =>
        {
            var text = (JsonNodes.GetInt64(port, "port") ?? 0).ToString(CultureInfo.InvariantCulture);
            if (JsonNodes.GetInt64(port, "nodePort") is { } nodePort)
            {
                text += ":" + nodePort.ToString(CultureInfo.InvariantCulture);
            }

            return text + "/" + (JsonNodes.GetString(port, "protocol") ?? "TCP");
        }));
    }

    private static string NodeSelector(JsonObject obj)
    {
        var selector = JsonNodes.StringMap(JsonNodes.GetNode(obj, "spec", "template", "spec", "nodeSelector"));
        return selector.Count == 0
            ? "<none>"
            : string.Join(",", selector.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
    }

    private static string NodeStatus(JsonObject obj)
    {
        var ready = (JsonNodes.GetNode(obj, "status", "conditions") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(condition => JsonNodes.GetString(condition, "type") == "Ready");
        var status = JsonNodes.GetString(ready, "status") == "True" ? "Ready" : ready is null ? "Unknown" : "NotReady";
        return JsonNodes.GetNode(obj, "spec", "unschedulable")?.GetValue<bool>() == true ? status + ",SchedulingDisabled" : status;
    }
}
