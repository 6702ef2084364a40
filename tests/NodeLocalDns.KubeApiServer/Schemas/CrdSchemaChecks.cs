using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Json;

namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>
/// What apiextensions checks in a CRD's version schemas when the CRD is written (validation.go and the
/// structural-schema, defaulting and CEL packages), with the API server's paths and messages:
/// <list type="bullet">
/// <item>a schema for every version; a structural schema: a type everywhere (except int-or-string and preserved
/// unknown fields), items for arrays, never both properties and additionalProperties, only name and generateName
/// under the root metadata, a pattern that compiles;</item>
/// <item>list types: set items scalar, map items objects whose map keys are required or defaulted scalars;</item>
/// <item>every CEL rule compiles;</item>
/// <item>every <c>default</c> is valid for its schema, has no unknown fields, and passes the CEL rules at and below
/// its place, evaluated on the default as written: nested defaults are not filled first, so a rule reading
/// <c>self.dns</c> under <c>default: {}</c> fails with "no such key: dns";</item>
/// <item>printer columns with a name, a JSONPath and a known type and format.</item>
/// </list>
/// Like the API server, a schema shared by every version is reported under <c>spec.validation.openAPIV3Schema</c>.
/// Not done: the CEL cost estimate.
/// </summary>
internal static class CrdSchemaChecks
{
    private static readonly string[] ColumnTypes = ["integer", "number", "string", "boolean", "date"];
    private static readonly string[] ColumnFormats = ["int32", "int64", "float", "double", "byte", "date", "date-time", "password"];

    public static List<StatusCause> Check(JsonObject crd)
    {
        var errors = new List<StatusCause>();
        var versions = (JsonNodes.GetNode(crd, "spec", "versions") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var schemas = versions.Select(v => JsonNodes.GetNode(v, "schema", "openAPIV3Schema") as JsonObject).ToList();
        var shared = schemas.Count > 0 && schemas.All(s => s is not null && JsonNode.DeepEquals(s, schemas[0]));
        for (var i = 0; i < versions.Count; i++)
        {
            var versionPath = $"spec.versions[{i}]";
            if (schemas[i] is not { } schema)
            {
                errors.Add(new StatusCause("FieldValueRequired", "Required value: schemas are required", $"{versionPath}.schema.openAPIV3Schema"));
                continue;
            }

            if (!shared || i == 0)
            {
                var schemaPath = shared ? "spec.validation.openAPIV3Schema" : $"{versionPath}.schema.openAPIV3Schema";
                CheckRoot(schema, schemaPath, errors);
            }

            CheckColumns(versions[i], versionPath, errors);
        }

        return errors;
    }

    private static void CheckRoot(JsonObject schema, string path, List<StatusCause> errors)
    {
        if (JsonNodes.GetString(schema, "type") != "object")
        {
            errors.Add(new StatusCause("FieldValueInvalid",
                "Invalid value: \"" + (JsonNodes.GetString(schema, "type") ?? string.Empty) + "\": must be object at the root",
                path + ".type"));
        }

        if (JsonNodes.GetNode(schema, "properties", "metadata") is JsonObject metadata)
        {
            foreach (var (name, _) in metadata["properties"] as JsonObject ?? [])
            {
                if (name is not ("name" or "generateName"))
                {
                    errors.Add(new StatusCause("FieldValueForbidden", "Forbidden: must not be specified", $"{path}.properties[metadata].properties[{name}]"));
                }
            }
        }

        CheckNode(SchemaNode.Parse(schema), path, errors, underMetadata: false, isRoot: true);
    }

    private static void CheckNode(SchemaNode node, string path, List<StatusCause> errors, bool underMetadata, bool isRoot = false)
    {
        var source = node.Source;
        if (node.IntOrString)
        {
            if (node.Type is not null)
            {
                errors.Add(new StatusCause("FieldValueForbidden", "Forbidden: must be empty if x-kubernetes-int-or-string is true", path + ".type"));
            }
        }
        else if (string.IsNullOrEmpty(node.Type) && !node.PreserveUnknownFields && !isRoot)
        {
            errors.Add(new StatusCause("FieldValueRequired", "Required value: must not be empty for specified object fields", path + ".type"));
        }

        if (node.Properties.Count > 0 && node.AdditionalProperties is not null)
        {
            errors.Add(new StatusCause("FieldValueForbidden",
                "Forbidden: additionalProperties and properties are mutual exclusive", path + ".additionalProperties"));
        }

        if (node.Type == "array" && node.Items is null)
        {
            errors.Add(new StatusCause("FieldValueRequired", "Required value: must be specified", path + ".items"));
        }

        if (node.Pattern is not null && node.PatternRegex is null)
        {
            errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{node.Pattern}\": must be a valid regular expression", path + ".pattern"));
        }

        CheckListType(node, path, errors);
        for (var i = 0; i < node.Rules.Count; i++)
        {
            var rule = node.Rules[i].Rule;
            if (string.IsNullOrWhiteSpace(rule))
            {
                errors.Add(new StatusCause("FieldValueRequired", "Required value", $"{path}.x-kubernetes-validations[{i}].rule"));
            }
            else if (CelRuleEvaluator.CompileError(rule) is { } compileError)
            {
                errors.Add(new StatusCause("FieldValueInvalid",
                    $"Invalid value: \"{rule}\": compilation failed: {compileError}", $"{path}.x-kubernetes-validations[{i}].rule"));
            }
        }

        if (node.HasDefault)
        {
            CheckDefault(node, path, errors, underMetadata);
        }

        foreach (var (name, property) in node.Properties)
        {
            CheckNode(property, $"{path}.properties[{name}]", errors, underMetadata || (isRoot && name == "metadata"));
        }

        if (node.AdditionalProperties is { } values)
        {
            CheckNode(values, path + ".additionalProperties", errors, underMetadata);
        }

        if (node.Items is { } items)
        {
            CheckNode(items, path + ".items", errors, underMetadata);
        }
    }

    private static void CheckListType(SchemaNode node, string path, List<StatusCause> errors)
    {
        switch (node.ListType)
        {
            case null or "atomic":
                break;
            case "set" when node.Items is { } items
                && (items.Type is "object" or "array")
                && items.Source["x-kubernetes-map-type"] is null
                && items.ListType is not "atomic":
                errors.Add(new StatusCause("FieldValueInvalid",
                    "Invalid value: \"" + items.Type + "\": must only have \"atomic\" items if x-kubernetes-list-type is \"set\"",
                    path + ".items.x-kubernetes-map-type"));
                break;
            case "set":
                break;
            case "map":
                if (node.ListMapKeys.Count == 0)
                {
                    errors.Add(new StatusCause("FieldValueRequired",
                        "Required value: must not be empty if x-kubernetes-list-type is map", path + ".x-kubernetes-list-map-keys"));
                }

                if (node.Items is not { Type: "object" } mapItems)
                {
                    errors.Add(new StatusCause("FieldValueInvalid",
                        "Invalid value: must be object if parent array's x-kubernetes-list-type is map", path + ".items.type"));
                    break;
                }

                foreach (var key in node.ListMapKeys)
                {
                    if (!mapItems.Properties.TryGetValue(key, out var keySchema))
                    {
                        errors.Add(new StatusCause("FieldValueRequired",
                            $"Required value: entries must all be names of item properties", path + ".x-kubernetes-list-map-keys"));
                    }
                    else if (keySchema.Type is not ("string" or "integer" or "number" or "boolean"))
                    {
                        errors.Add(new StatusCause("FieldValueInvalid",
                            $"Invalid value: \"{keySchema.Type}\": must be a scalar type if parent array's x-kubernetes-list-type is map",
                            $"{path}.items.properties[{key}].type"));
                    }
                    else if (!mapItems.Required.Contains(key) && !keySchema.HasDefault)
                    {
                        errors.Add(new StatusCause("FieldValueRequired",
                            $"Required value: all map keys must be required or have a default value", $"{path}.items.properties[{key}]"));
                    }
                }

                break;
            default:
                errors.Add(new StatusCause("FieldValueNotSupported",
                    $"Unsupported value: \"{node.ListType}\": supported values: \"atomic\", \"set\", \"map\"",
                    path + ".x-kubernetes-list-type"));
                break;
        }
    }

    private static void CheckDefault(SchemaNode node, string path, List<StatusCause> errors, bool underMetadata)
    {
        var defaultPath = path + ".default";
        if (underMetadata)
        {
            return;
        }

        if (node.Default is null)
        {
            if (!node.Nullable)
            {
                errors.Add(new StatusCause("FieldValueInvalid", "Invalid value: \"null\": must not be null for non-nullable field", defaultPath));
            }

            return;
        }

        var value = node.Default.DeepClone();
        foreach (var unknown in SchemaPruner.Prune(value, node, defaultPath))
        {
            errors.Add(new StatusCause("FieldValueInvalid", "Invalid value: must not have unknown fields", unknown));
        }

        var structural = SchemaValidator.Validate(node.Default, node, defaultPath);
        errors.AddRange(structural);
        if (structural.Count == 0)
        {
            // apiextensions' validateDefaults passes the default as both the new and the old object.
            errors.AddRange(CelRuleEvaluator.Validate(node.Default, node.Default, hasOld: true, node, defaultPath));
        }
    }

    private static void CheckColumns(JsonObject version, string versionPath, List<StatusCause> errors)
    {
        var columns = (version["additionalPrinterColumns"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        for (var i = 0; i < columns.Count; i++)
        {
            var path = $"{versionPath}.additionalPrinterColumns[{i}]";
            if (string.IsNullOrEmpty(JsonNodes.GetString(columns[i], "name")))
            {
                errors.Add(new StatusCause("FieldValueRequired", "Required value", path + ".name"));
            }

            if (JsonNodes.GetString(columns[i], "type") is not { } type || !ColumnTypes.Contains(type))
            {
                errors.Add(new StatusCause("FieldValueNotSupported",
                    $"Unsupported value: \"{JsonNodes.GetString(columns[i], "type")}\": " +
                    $"supported values: {string.Join(", ", ColumnTypes.Select(t => $"\"{t}\""))}",
                    path + ".type"));
            }

            if (JsonNodes.GetString(columns[i], "format") is { Length: > 0 } format && !ColumnFormats.Contains(format))
            {
                errors.Add(new StatusCause("FieldValueNotSupported",
                    $"Unsupported value: \"{format}\": supported values: {string.Join(", ", ColumnFormats.Select(t => $"\"{t}\""))}",
                    path + ".format"));
            }

            if (JsonNodes.GetString(columns[i], "jsonPath") is not { Length: > 0 } jsonPath)
            {
                errors.Add(new StatusCause("FieldValueRequired", "Required value", path + ".jsonPath"));
            }
            else if (!jsonPath.StartsWith('.'))
            {
                errors.Add(new StatusCause("FieldValueInvalid",
                    $"Invalid value: \"{jsonPath}\": must be a simple json path starting with .", path + ".jsonPath"));
            }
        }
    }
}
