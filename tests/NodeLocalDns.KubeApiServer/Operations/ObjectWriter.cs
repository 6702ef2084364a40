using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Patching;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Storage;
using NodeLocalDns.KubeApiServer.Strategies;

namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>
/// Create, update, patch and delete with the generic registry's semantics (k8s.io/apiserver/pkg/registry/generic):
/// server-owned metadata, optimistic concurrency on metadata.resourceVersion, generation rules, status subresource
/// isolation, no-op updates that do not bump the resourceVersion, and finalizer-aware deletion.
/// Every method runs entirely under the store lock.
/// </summary>
internal sealed class ObjectWriter
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private static readonly string[] PatchTypes =
    [
        "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml",
    ];

    private static readonly string[] CustomResourcePatchTypes =
    [
        "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml",
    ];

    private readonly ClusterState _state;

    public ObjectWriter(ClusterState state) => _state = state;

    private ObjectStore Store => _state.Store;

    private StrategyContext Context => _state.Strategies;

    public WriteResult Create(ResourceDefinition definition, string? urlNamespace, JsonObject body, WriteOptions options)
    {
        lock (Store.Gate)
        {
            var obj = JsonNodes.Clone(body);
            CheckTypeMeta(definition, obj);
            var metadata = JsonNodes.Metadata(obj);
            var ns = ResolveNamespace(definition, urlNamespace, metadata);
            if (definition.IsTerminating)
            {
                throw new ApiException(405, "MethodNotAllowed", $"create not allowed while custom resource definition is terminating");
            }

            if (definition.Namespaced)
            {
                RequireActiveNamespace(ns!);
            }

            var name = JsonNodes.GetString(metadata, "name");
            if (string.IsNullOrEmpty(name))
            {
                var generateName = JsonNodes.GetString(metadata, "generateName");
                if (string.IsNullOrEmpty(generateName))
                {
                    throw ApiErrors.Invalid(definition.Group, definition.Kind, string.Empty,
                        [ApiErrors.Required("metadata.name", "name or generateName is required")]);
                }

                do
                {
                    name = generateName + RandomSuffix();
                }
                while (Store.Get(new StorageKey(definition.GroupResource, ns ?? string.Empty, name)) is not null);

                metadata["name"] = name;
            }

            ValidateName(definition, name);
            ValidateLabels(definition, name, metadata);
            if (!string.IsNullOrEmpty(JsonNodes.GetString(metadata, "resourceVersion")))
            {
                // What etcd3's store answers; clients must not send a version on create.
                throw new ApiException(500, "InternalError", "Internal error occurred: resourceVersion should not be set on objects to be created");
            }

            if (Store.Get(new StorageKey(definition.GroupResource, ns ?? string.Empty, name)) is not null)
            {
                throw ApiErrors.AlreadyExists(definition.Group, definition.Plural, name);
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = JsonNodes.FormatTime(_state.Time.GetUtcNow());
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            metadata.Remove("selfLink");
            metadata.Remove("managedFields");
            if (definition.TracksGeneration)
            {
                metadata["generation"] = 1;
            }
            else
            {
                metadata.Remove("generation");
            }

            if (definition.HasStatus && !definition.KeepsStatusOnCreate)
            {
                obj.Remove("status");
            }

            Context.DryRun = options.DryRun;
            Context.FieldValidation = options.FieldValidation;
            try
            {
                definition.Strategy.PrepareForCreate(definition, obj, Context);
                _state.Admit(definition.GroupResource, obj);
            }
            finally
            {
                Context.DryRun = false;
                Context.FieldValidation = null;
            }

            if (options.DryRun)
            {
                return new WriteResult(obj, 201);
            }

            var stored = Store.Add(definition.GroupResource, obj);
            _state.AfterWrite();
            return new WriteResult(Present(definition, stored.ToJsonObject()), 201);
        }
    }

    public WriteResult Update(ResourceDefinition definition, string? urlNamespace, string name, JsonObject body, bool statusOnly, WriteOptions options)
    {
        lock (Store.Gate)
        {
            var candidate = JsonNodes.Clone(body);
            CheckTypeMeta(definition, candidate);
            var metadata = JsonNodes.Metadata(candidate);
            var ns = ResolveNamespace(definition, urlNamespace, metadata);
            var bodyName = JsonNodes.GetString(metadata, "name") ?? string.Empty;
            if (bodyName != name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }

            var existing = Store.Get(new StorageKey(definition.GroupResource, ns ?? string.Empty, name));
            if (existing is null)
            {
                if (!statusOnly && definition.AllowCreateOnUpdate && string.IsNullOrEmpty(JsonNodes.GetString(metadata, "resourceVersion")))
                {
                    return Create(definition, urlNamespace, candidate, options);
                }

                throw ApiErrors.NotFound(definition.Group, definition.Plural, name);
            }

            var result = ApplyUpdate(definition, existing, candidate, statusOnly, options, requireResourceVersion: !definition.AllowUnconditionalUpdate);
            return new WriteResult(result, 200);
        }
    }

    public WriteResult Patch(ResourceDefinition definition, string? urlNamespace, string name, string contentType, string body,
        bool statusOnly, WriteOptions options)
    {
        lock (Store.Gate)
        {
            var ns = definition.Namespaced ? urlNamespace ?? string.Empty : string.Empty;
            var existing = Store.Get(new StorageKey(definition.GroupResource, ns, name));
            var schema = definition.StrategicMergeSchema;
            JsonNode? patched;
            JsonObject? appliedConfiguration = null;
            switch (contentType)
            {
                case "application/apply-patch+yaml" or "application/apply-patch+json":
                    {
                        appliedConfiguration = ParseApplyConfiguration(definition, name, body, options);
                        if (existing is null)
                        {
                            if (statusOnly)
                            {
                                throw ApiErrors.NotFound(definition.Group, definition.Plural, name);
                            }

                            var created = Create(definition, urlNamespace, appliedConfiguration, options);
                            if (!options.DryRun)
                            {
                                _state.RememberApplied(JsonNodes.Uid(created.Body)!, options.FieldManager!, appliedConfiguration);
                            }

                            return created;
                        }

                        var applyPatch = ApplyPatchBuilder.Build(
                            appliedConfiguration, _state.LastApplied(existing.Uid, options.FieldManager!), schema ?? PatchSchema.Empty);
                        patched = StrategicMergePatch.Apply(existing.ToJsonObject(), applyPatch, schema ?? PatchSchema.Empty);
                        break;
                    }

                case "application/json-patch+json":
                    patched = JsonPatch.Apply(RequireExisting(definition, existing, name).ToJsonObject(), JsonPatch.ParseBody(body));
                    break;
                case "application/merge-patch+json":
                    patched = JsonMergePatch.Apply(RequireExisting(definition, existing, name).ToJsonObject(), RequirePatchObject(JsonPatch.ParseBody(body)));
                    break;
                case "application/strategic-merge-patch+json" when schema is not null:
                    patched = StrategicMergePatch.Apply(
                        RequireExisting(definition, existing, name).ToJsonObject(), RequirePatchObject(JsonPatch.ParseBody(body)), schema);
                    break;
                default:
                    throw ApiErrors.UnsupportedMediaType(contentType, schema is null ? CustomResourcePatchTypes : PatchTypes);
            }

            if (patched is not JsonObject patchedObject)
            {
                throw new ApiException(422, "Invalid", "the patched document is not a JSON object");
            }

            CheckTypeMeta(definition, patchedObject);
            if (JsonNodes.Name(patchedObject) != name)
            {
                throw ApiErrors.BadRequest($"the name of the object ({JsonNodes.Name(patchedObject)}) does not match the name on the URL ({name})");
            }

            var result = ApplyUpdate(definition, existing!, patchedObject, statusOnly, options, requireResourceVersion: false);
            if (appliedConfiguration is not null && !options.DryRun)
            {
                _state.RememberApplied(existing!.Uid, options.FieldManager!, appliedConfiguration);
            }

            return new WriteResult(result, 200);
        }
    }

    public WriteResult Delete(ResourceDefinition definition, string? urlNamespace, string name, DeleteOptions options)
    {
        lock (Store.Gate)
        {
            var ns = definition.Namespaced ? urlNamespace ?? string.Empty : string.Empty;
            var existing = Store.Get(new StorageKey(definition.GroupResource, ns, name))
                ?? throw ApiErrors.NotFound(definition.Group, definition.Plural, name);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != existing.Uid)
            {
                throw ApiErrors.Conflict(definition.Group, definition.Plural, name,
                    $"Precondition failed: UID in precondition: {uid}, UID in object meta: {existing.Uid}");
            }

            var existingVersion = existing.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            if (options.PreconditionResourceVersion is { Length: > 0 } version && version != existingVersion)
            {
                throw ApiErrors.Conflict(definition.Group, definition.Plural, name,
                    $"Precondition failed: ResourceVersion in precondition: {version}, ResourceVersion in object meta: {existingVersion}");
            }

            var (obj, deletedNow) = DeleteExisting(definition, existing, options.Propagation, options.DryRun);
            if (!options.DryRun)
            {
                _state.AfterWrite();
            }

            if (deletedNow && !definition.ReturnDeletedObject)
            {
                var details = new JsonObject { ["name"] = name };
                if (definition.Group.Length > 0)
                {
                    details["group"] = definition.Group;
                }

                // The apiserver puts the resource into details.kind here, as in its error details.
                details["kind"] = definition.Plural;
                details["uid"] = existing.Uid;
                return new WriteResult(
                    new JsonObject
                    {
                        ["kind"] = "Status",
                        ["apiVersion"] = "v1",
                        ["metadata"] = new JsonObject(),
                        ["status"] = "Success",
                        ["details"] = details,
                    },
                    200);
            }

            return new WriteResult(Present(definition, obj), 200);
        }
    }

    /// <summary>DELETE on a collection: deletes every matching object and answers with the list of what was deleted.</summary>
    public JsonObject DeleteCollection(ResourceDefinition definition, IReadOnlyList<StoredObject> matching, DeleteOptions options)
    {
        lock (Store.Gate)
        {
            var items = new JsonArray();
            foreach (var item in matching)
            {
                var current = Store.Get(item.Key);
                if (current is null)
                {
                    continue;
                }

                var (obj, _) = DeleteExisting(definition, current, options.Propagation, options.DryRun);
                items.Add(Present(definition, obj));
            }

            if (!options.DryRun)
            {
                _state.AfterWrite();
            }

            return new JsonObject
            {
                ["kind"] = definition.ListKind,
                ["apiVersion"] = definition.GroupVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = Store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
                ["items"] = items,
            };
        }
    }

    /// <summary>
    /// Deletes a stored object: immediately when nothing holds it, otherwise by setting deletionTimestamp and the
    /// finalizers the propagation policy asks for (the object then lives until its finalizers are removed).
    /// </summary>
    /// <returns>The object as last seen and whether it is gone from storage.</returns>
    public (JsonObject Object, bool DeletedNow) DeleteExisting(ResourceDefinition definition, StoredObject existing, PropagationPolicy propagation, bool dryRun)
    {
        lock (Store.Gate)
        {
            var obj = existing.ToJsonObject();
            var metadata = JsonNodes.Metadata(obj);
            var finalizers = JsonNodes.StringList(metadata["finalizers"]);
            var original = finalizers.ToList();
            if (propagation == PropagationPolicy.Orphan && !finalizers.Contains(OrphanFinalizer))
            {
                finalizers.Add(OrphanFinalizer);
            }
            else if (propagation == PropagationPolicy.Foreground && !finalizers.Contains(ForegroundFinalizer))
            {
                finalizers.Add(ForegroundFinalizer);
            }

            var isNamespace = definition.GroupResource == "namespaces";
            if (existing.HasDeletionTimestamp)
            {
                if (finalizers.SequenceEqual(original) || dryRun)
                {
                    return (obj, false);
                }

                metadata["finalizers"] = JsonNodes.ToArray(finalizers);
                return (Store.Update(existing, obj).ToJsonObject(), false);
            }

            if (finalizers.Count > 0 || isNamespace)
            {
                metadata["deletionTimestamp"] = JsonNodes.FormatTime(_state.Time.GetUtcNow());
                metadata["deletionGracePeriodSeconds"] = 0;
                if (JsonNodes.GetInt64(metadata, "generation") is { } generation and > 0)
                {
                    metadata["generation"] = generation + 1;
                }

                if (finalizers.Count > 0)
                {
                    metadata["finalizers"] = JsonNodes.ToArray(finalizers);
                }

                if (isNamespace)
                {
                    obj["status"] = new JsonObject { ["phase"] = "Terminating" };
                }

                return dryRun ? (obj, false) : (Store.Update(existing, obj).ToJsonObject(), false);
            }

            if (dryRun)
            {
                return (obj, true);
            }

            var tombstone = Store.Remove(existing);
            definition.Strategy.OnRemoved(definition, obj, Context);
            return (tombstone.ToJsonObject(), true);
        }
    }

    /// <summary>
    /// The common update path of PUT and PATCH: preconditions, server-owned metadata, status isolation, generation,
    /// kind-specific rules, then a write unless nothing changed; removing the last finalizer of an object that is
    /// being deleted deletes it.
    /// </summary>
    public JsonObject ApplyUpdate(ResourceDefinition definition, StoredObject existing, JsonObject candidate, bool statusOnly,
        WriteOptions options, bool requireResourceVersion)
    {
        lock (Store.Gate)
        {
            var old = existing.ToJsonObject();
            var oldMetadata = JsonNodes.Metadata(old);
            var candidateMetadata = JsonNodes.Metadata(candidate);
            var name = existing.Key.Name;
            var existingVersion = existing.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            var requestedVersion = JsonNodes.GetString(candidateMetadata, "resourceVersion");
            if (string.IsNullOrEmpty(requestedVersion))
            {
                if (requireResourceVersion)
                {
                    throw ApiErrors.Invalid(definition.Group, definition.Kind, name,
                        [ApiErrors.InvalidValue("metadata.resourceVersion", "0x0", "must be specified for an update")]);
                }
            }
            else if (requestedVersion != existingVersion)
            {
                throw ApiErrors.Conflict(definition.Group, definition.Plural, name, ApiErrors.ModifiedConflictMessage);
            }

            var candidateUid = JsonNodes.GetString(candidateMetadata, "uid");
            if (!string.IsNullOrEmpty(candidateUid) && candidateUid != existing.Uid)
            {
                throw ApiErrors.Conflict(definition.Group, definition.Plural, name,
                    $"Precondition failed: UID in precondition: {candidateUid}, UID in object meta: {existing.Uid}");
            }

            JsonObject updated;
            if (statusOnly)
            {
                updated = JsonNodes.Clone(old);
                if (candidate["status"] is { } status)
                {
                    updated["status"] = status.DeepClone();
                }
                else
                {
                    updated.Remove("status");
                }

                Context.DryRun = options.DryRun;
                Context.FieldValidation = options.FieldValidation;
                try
                {
                    definition.Strategy.PrepareForStatusUpdate(definition, updated, old, Context);
                }
                finally
                {
                    Context.DryRun = false;
                    Context.FieldValidation = null;
                }
            }
            else
            {
                updated = JsonNodes.Clone(candidate);
                var metadata = JsonNodes.Metadata(updated);
                foreach (var field in new[]
                         {
                             "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name",
                         })
                {
                    if (oldMetadata[field] is { } value)
                    {
                        metadata[field] = value.DeepClone();
                    }
                    else
                    {
                        metadata.Remove(field);
                    }
                }

                metadata.Remove("selfLink");
                metadata.Remove("managedFields");
                if (definition.HasStatus)
                {
                    if (old["status"] is { } oldStatus)
                    {
                        updated["status"] = oldStatus.DeepClone();
                    }
                    else
                    {
                        updated.Remove("status");
                    }
                }

                if (oldMetadata["deletionTimestamp"] is not null)
                {
                    var before = JsonNodes.StringList(oldMetadata["finalizers"]);
                    var added = JsonNodes.StringList(metadata["finalizers"]).Except(before, StringComparer.Ordinal).ToList();
                    if (added.Count > 0)
                    {
                        throw ApiErrors.Invalid(definition.Group, definition.Kind, name,
                            [ApiErrors.Forbidden("metadata.finalizers",
                                "no new finalizers can be added if the object is being deleted, found new finalizers []string{\"" +
                                string.Join("\", \"", added) + "\"}")]);
                    }
                }

                ValidateFinalizers(definition, name, metadata);
                ValidateLabels(definition, name, metadata);
                Context.DryRun = options.DryRun;
                Context.FieldValidation = options.FieldValidation;
                try
                {
                    definition.Strategy.PrepareForUpdate(definition, updated, old, Context);
                    _state.Admit(definition.GroupResource, updated);
                }
                finally
                {
                    Context.DryRun = false;
                    Context.FieldValidation = null;
                }

                if (definition.TracksGeneration && SpecChanged(definition, old, updated))
                {
                    metadata["generation"] = (JsonNodes.GetInt64(oldMetadata, "generation") ?? 0) + 1;
                }
            }

            JsonNodes.Metadata(updated)["resourceVersion"] = existingVersion;
            if (JsonNode.DeepEquals(updated, old))
            {
                // The apiserver skips the storage write for an update that changes nothing: no new resourceVersion, no event.
                return Present(definition, old);
            }

            if (options.DryRun)
            {
                return Present(definition, updated);
            }

            var updatedMetadata = JsonNodes.Metadata(updated);
            if (updatedMetadata["deletionTimestamp"] is not null && JsonNodes.StringList(updatedMetadata["finalizers"]).Count == 0
                && !(definition.GroupResource == "namespaces" && JsonNodes.StringList(JsonNodes.GetNode(updated, "spec", "finalizers")).Count > 0))
            {
                var tombstone = Store.Remove(existing, updated);
                definition.Strategy.OnRemoved(definition, updated, Context);
                _state.AfterWrite();
                return Present(definition, tombstone.ToJsonObject());
            }

            var stored = Store.Update(existing, updated);
            _state.AfterWrite();
            return Present(definition, stored.ToJsonObject());
        }
    }

    /// <summary>Sets apiVersion to the version the client asked for (all versions share storage; conversion is "None").</summary>
    public static JsonObject Present(ResourceDefinition definition, JsonObject obj)
    {
        // kind and apiVersion first, as the apiserver serializes them.
        var presented = new JsonObject { ["kind"] = definition.Kind, ["apiVersion"] = definition.GroupVersion };
        foreach (var (name, value) in obj.ToList())
        {
            if (name is not ("kind" or "apiVersion"))
            {
                obj.Remove(name);
                presented[name] = value;
            }
        }

        return presented;
    }

    /// <summary>
    /// Whether anything besides metadata (and status, where it is a subresource) changed: the rule for bumping
    /// metadata.generation (API conventions, "metadata.generation"; the CRD strategy does exactly this comparison).
    /// </summary>
    private static bool SpecChanged(ResourceDefinition definition, JsonObject old, JsonObject updated)
    {
        var before = JsonNodes.Clone(old);
        var after = JsonNodes.Clone(updated);
        foreach (var obj in new[] { before, after })
        {
            obj.Remove("metadata");
            if (definition.HasStatus)
            {
                obj.Remove("status");
            }
        }

        return !JsonNode.DeepEquals(before, after);
    }

    private void RequireActiveNamespace(string ns)
    {
        var namespaceObject = Store.Get(new StorageKey("namespaces", string.Empty, ns))
            ?? throw ApiErrors.NotFound(string.Empty, "namespaces", ns);
        if (namespaceObject.HasDeletionTimestamp)
        {
            throw new ApiException(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated",
                new JsonObject
                {
                    ["name"] = ns,
                    ["kind"] = "namespaces",
                    ["causes"] = new JsonArray(new JsonObject
                    {
                        ["reason"] = "NamespaceTerminating",
                        ["message"] = $"namespace {ns} is being terminated",
                        ["field"] = "metadata.namespace",
                    }),
                });
        }
    }

    private static string? ResolveNamespace(ResourceDefinition definition, string? urlNamespace, JsonObject metadata)
    {
        if (!definition.Namespaced)
        {
            metadata.Remove("namespace");
            return null;
        }

        var bodyNamespace = JsonNodes.GetString(metadata, "namespace");
        if (string.IsNullOrEmpty(urlNamespace))
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != urlNamespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = urlNamespace;
        return urlNamespace;
    }

    private static void CheckTypeMeta(ResourceDefinition definition, JsonObject obj)
    {
        var apiVersion = JsonNodes.GetString(obj, "apiVersion");
        if (string.IsNullOrEmpty(apiVersion))
        {
            obj["apiVersion"] = definition.GroupVersion;
        }
        else if (apiVersion != definition.GroupVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({definition.GroupVersion})");
        }

        var kind = JsonNodes.GetString(obj, "kind");
        if (string.IsNullOrEmpty(kind))
        {
            obj["kind"] = definition.Kind;
        }
        else if (kind != definition.Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({definition.Kind})");
        }

        if (obj["metadata"] is not null and not JsonObject)
        {
            throw ApiErrors.BadRequest("metadata must be an object");
        }
    }

    private static void ValidateName(ResourceDefinition definition, string name)
    {
        var causes = new List<StatusCause>();
        if (NameValidation.Validate(definition.NameRule, name) is { } cause)
        {
            causes.Add(cause);
        }

        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, name, causes);
        }
    }

    private static void ValidateLabels(ResourceDefinition definition, string name, JsonObject metadata)
    {
        var causes = MetadataValidation.ValidateLabels(metadata);
        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, name, causes);
        }
    }

    private static void ValidateFinalizers(ResourceDefinition definition, string name, JsonObject metadata)
    {
        var finalizers = JsonNodes.StringList(metadata["finalizers"]);
        if (finalizers.Contains(OrphanFinalizer) && finalizers.Contains(ForegroundFinalizer))
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, name,
                [ApiErrors.InvalidField("metadata.finalizers", $"finalizer {ForegroundFinalizer} and {OrphanFinalizer} cannot be both set")]);
        }
    }

    private static StoredObject RequireExisting(ResourceDefinition definition, StoredObject? existing, string name) =>
        existing ?? throw ApiErrors.NotFound(definition.Group, definition.Plural, name);

    private static JsonObject RequirePatchObject(JsonNode? patch) =>
        patch as JsonObject ?? throw ApiErrors.BadRequest("the patch must be a JSON object");

    private static JsonObject ParseApplyConfiguration(ResourceDefinition definition, string name, string body, WriteOptions options)
    {
        if (string.IsNullOrEmpty(options.FieldManager))
        {
            throw ApiErrors.BadRequest("PATCH requests with apply patch types require a fieldManager (the fieldManager query parameter must be set)");
        }

        JsonNode? parsed;
        try
        {
            parsed = YamlToJson.Parse(body);
        }
        catch (YamlDotNet.Core.YamlException error)
        {
            throw ApiErrors.BadRequest("error decoding YAML: " + error.Message);
        }

        if (parsed is not JsonObject configuration)
        {
            throw ApiErrors.BadRequest("the apply configuration must be an object");
        }

        if (string.IsNullOrEmpty(JsonNodes.GetString(configuration, "apiVersion")) || string.IsNullOrEmpty(JsonNodes.GetString(configuration, "kind")))
        {
            throw ApiErrors.BadRequest("apiVersion and kind must be set in an apply configuration");
        }

        CheckTypeMeta(definition, configuration);
        var configuredName = JsonNodes.Name(configuration);
        if (configuredName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({configuredName}) does not match the name on the URL ({name})");
        }

        return configuration;
    }

    private static string RandomSuffix()
    {
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)];
        }

        return new string(suffix);
    }
}
