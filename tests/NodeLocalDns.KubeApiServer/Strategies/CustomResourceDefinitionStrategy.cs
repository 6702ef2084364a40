using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Defaulting;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Schemas;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>
/// apiextensions.k8s.io/v1 CustomResourceDefinition: validation of names, scope and versions, the cleanup finalizer,
/// and the status the apiextensions controllers would write (acceptedNames, NamesAccepted and Established conditions,
/// storedVersions). Establishing is immediate here; in a cluster it takes a moment.
/// </summary>
internal sealed class CustomResourceDefinitionStrategy : IResourceStrategy
{
    /// <summary>Held until every custom resource of the definition is deleted.</summary>
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public static readonly CustomResourceDefinitionStrategy Instance = new();

    public void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
        Validate(definition, obj, existing: null);
        var finalizers = JsonNodes.StringList(JsonNodes.GetNode(obj, "metadata", "finalizers"));
        if (!finalizers.Contains(CleanupFinalizer))
        {
            finalizers.Add(CleanupFinalizer);
        }

        JsonNodes.Metadata(obj)["finalizers"] = JsonNodes.ToArray(finalizers);
        obj["status"] = new JsonObject();
        WriteStatus(obj, existingStatus: null, JsonNodes.FormatTime(context.Time.GetUtcNow()));
    }

    public void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context)
    {
        Validate(definition, updated, existing);
        WriteStatus(updated, JsonNodes.GetNode(existing, "status") as JsonObject, JsonNodes.FormatTime(context.Time.GetUtcNow()));
    }

    public void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
    }

    private static void Validate(ResourceDefinition definition, JsonObject obj, JsonObject? existing)
    {
        var causes = new List<StatusCause>();
        var spec = JsonNodes.GetNode(obj, "spec") as JsonObject ?? new JsonObject();
        var group = JsonNodes.GetString(spec, "group") ?? string.Empty;
        var plural = JsonNodes.GetString(spec, "names", "plural") ?? string.Empty;
        var kind = JsonNodes.GetString(spec, "names", "kind") ?? string.Empty;
        var scope = JsonNodes.GetString(spec, "scope") ?? string.Empty;
        var name = JsonNodes.Name(obj) ?? string.Empty;
        if (group.Length == 0)
        {
            causes.Add(ApiErrors.Required("spec.group", string.Empty));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            causes.Add(ApiErrors.InvalidValue("spec.group", group, "should be a domain with at least one dot"));
        }

        if (plural.Length == 0)
        {
            causes.Add(ApiErrors.Required("spec.names.plural", string.Empty));
        }

        if (kind.Length == 0)
        {
            causes.Add(ApiErrors.Required("spec.names.kind", string.Empty));
        }

        if (name != $"{plural}.{group}")
        {
            causes.Add(ApiErrors.InvalidValue("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }

        if (scope is not ("Cluster" or "Namespaced"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported",
                $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }

        var versions = Defaults.Items(spec, "versions").ToList();
        if (versions.Count == 0)
        {
            causes.Add(ApiErrors.InvalidField("spec.versions", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(version => version["storage"]?.GetValue<bool>() == true) != 1)
        {
            causes.Add(ApiErrors.InvalidField("spec.versions", "must have exactly one version marked as storage version"));
        }

        if (existing is not null)
        {
            var oldSpec = JsonNodes.GetNode(existing, "spec");
            if (JsonNodes.GetString(oldSpec, "scope") != scope)
            {
                causes.Add(ApiErrors.InvalidValue("spec.scope", scope, "field is immutable"));
            }

            if (JsonNodes.GetString(oldSpec, "group") != group)
            {
                causes.Add(ApiErrors.InvalidValue("spec.group", group, "field is immutable"));
            }
        }

        causes.AddRange(CrdSchemaChecks.Check(obj));
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, name, causes);
        }
    }

    private static void WriteStatus(JsonObject obj, JsonObject? existingStatus, string now)
    {
        var spec = (JsonObject)obj["spec"]!;
        var names = (JsonObject)spec["names"]!.DeepClone();
        var kind = JsonNodes.GetString(names, "kind")!;
        Defaults.Set(names, "singular", kind.ToLowerInvariant());
        Defaults.Set(names, "listKind", kind + "List");
        Defaults.Set((JsonObject)spec["names"]!, "singular", kind.ToLowerInvariant());
        Defaults.Set((JsonObject)spec["names"]!, "listKind", kind + "List");

        var status = new JsonObject { ["acceptedNames"] = names };
        var conditions = new JsonArray();
        foreach (var (type, reason, message) in new[]
                 {
                     ("NamesAccepted", "NoConflicts", "no conflicts found"),
                     ("Established", "InitialNamesAccepted", "the initial names have been accepted"),
                 })
        {
            var previous = (existingStatus?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(condition => JsonNodes.GetString(condition, "type") == type);
            conditions.Add(new JsonObject
            {
                ["type"] = type,
                ["status"] = "True",
                ["lastTransitionTime"] = JsonNodes.GetString(previous, "lastTransitionTime") ?? now,
                ["reason"] = reason,
                ["message"] = message,
            });
        }

        status["conditions"] = conditions;
        var stored = JsonNodes.StringList(existingStatus?["storedVersions"]);
        var storage = Defaults.Items(spec, "versions").First(version => version["storage"]?.GetValue<bool>() == true);
        var storageName = JsonNodes.GetString(storage, "name")!;
        if (!stored.Contains(storageName))
        {
            stored.Add(storageName);
        }

        status["storedVersions"] = JsonNodes.ToArray(stored);
        obj["status"] = status;
    }
}
