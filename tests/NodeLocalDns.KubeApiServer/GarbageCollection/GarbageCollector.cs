using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Operations;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Storage;
using NodeLocalDns.KubeApiServer.Strategies;

namespace NodeLocalDns.KubeApiServer.GarbageCollection;

/// <summary>
/// The controllers that finish deletions, run synchronously after every write so tests need not wait:
/// <list type="bullet">
/// <item>the garbage collector (owner references, "Garbage Collection" in the Kubernetes docs): dependents whose
/// owners are all gone are deleted (background cascade, recursively and across namespaces for cluster-scoped owners),
/// dangling references next to a live owner are removed; the <c>orphan</c> finalizer strips the owner's references from
/// its dependents; the <c>foregroundDeletion</c> finalizer deletes dependents first and is released when no dependent
/// with <c>blockOwnerDeletion</c> remains;</item>
/// <item>the namespace controller: a terminating namespace is emptied, then its <c>kubernetes</c> finalizer removed;</item>
/// <item>the CRD finalizer: a deleted CRD's custom resources are deleted before the CRD goes away.</item>
/// </list>
/// In a cluster these run asynchronously; the end state is the same.
/// </summary>
internal sealed class GarbageCollector
{
    private const int MaxRounds = 1000;

    private readonly ClusterState _state;
    private bool _running;

    public GarbageCollector(ClusterState state) => _state = state;

    private ObjectStore Store => _state.Store;

    public void Reconcile()
    {
        lock (Store.Gate)
        {
            if (_running)
            {
                return;
            }

            _running = true;
            try
            {
                for (var round = 0; round < MaxRounds; round++)
                {
                    var changed = false;
                    foreach (var obj in Store.All().Where(obj => obj.HasDeletionTimestamp))
                    {
                        changed |= FinishDeletion(obj.Key);
                    }

                    foreach (var obj in Store.All())
                    {
                        changed |= CollectIfOrphaned(obj.Key);
                    }

                    if (!changed)
                    {
                        return;
                    }

                    _state.RefreshRegistry();
                }
            }
            finally
            {
                _running = false;
            }
        }
    }

    private bool FinishDeletion(StorageKey key)
    {
        var current = Store.Get(key);
        if (current is null || !current.HasDeletionTimestamp)
        {
            return false;
        }

        var changed = false;
        var obj = current.ToJsonObject();
        var metadata = JsonNodes.Metadata(obj);
        var finalizers = JsonNodes.StringList(metadata["finalizers"]);

        if (finalizers.Contains(ObjectWriter.OrphanFinalizer))
        {
            foreach (var dependent in DependentsOf(current.Uid))
            {
                RemoveOwnerReferences(dependent, [current.Uid]);
            }

            finalizers.Remove(ObjectWriter.OrphanFinalizer);
            changed = true;
        }

        if (finalizers.Contains(ObjectWriter.ForegroundFinalizer))
        {
            foreach (var dependent in DependentsOf(current.Uid).Where(dependent => !dependent.HasDeletionTimestamp))
            {
                changed |= Delete(dependent, PropagationPolicy.Foreground);
            }

            var blocking = DependentsOf(current.Uid)
                .Any(dependent => OwnerReference.Read(dependent.Element).Any(reference => reference.Uid == current.Uid && reference.BlockOwnerDeletion));
            if (!blocking)
            {
                finalizers.Remove(ObjectWriter.ForegroundFinalizer);
                changed = true;
            }
        }

        var namespaceFinalizers = new List<string>();
        if (key.GroupResource == "namespaces")
        {
            namespaceFinalizers = JsonNodes.StringList(JsonNodes.GetNode(obj, "spec", "finalizers"));
            if (namespaceFinalizers.Contains(NamespaceStrategy.KubernetesFinalizer))
            {
                var contents = Store.All().Where(item => item.Key.Namespace == key.Name && item.Key.GroupResource != "namespaces").ToList();
                foreach (var item in contents.Where(item => !item.HasDeletionTimestamp))
                {
                    changed |= Delete(item, PropagationPolicy.Background);
                }

                if (!Store.All().Any(item => item.Key.Namespace == key.Name && item.Key.GroupResource != "namespaces"))
                {
                    namespaceFinalizers.Remove(NamespaceStrategy.KubernetesFinalizer);
                    JsonNodes.EnsureObject(obj, "spec")["finalizers"] = JsonNodes.ToArray(namespaceFinalizers);
                    changed = true;
                }
            }
        }

        if (key.GroupResource == ClusterState.CustomResourceDefinitions && finalizers.Contains(CustomResourceDefinitionStrategy.CleanupFinalizer))
        {
            var instances = Store.List(key.Name, ns: null);
            foreach (var instance in instances.Where(instance => !instance.HasDeletionTimestamp))
            {
                changed |= Delete(instance, PropagationPolicy.Background);
            }

            if (Store.List(key.Name, ns: null).Count == 0)
            {
                finalizers.Remove(CustomResourceDefinitionStrategy.CleanupFinalizer);
                changed = true;
            }
        }

        if (!changed)
        {
            return false;
        }

        // Re-read: deleting dependents may have touched this object (e.g. a dependent owning its owner).
        current = Store.Get(key);
        if (current is null)
        {
            return true;
        }

        if (finalizers.Count == 0 && namespaceFinalizers.Count == 0)
        {
            metadata.Remove("finalizers");
            Store.Remove(current, obj);
            DefinitionOf(current)?.Strategy.OnRemoved(DefinitionOf(current)!, obj, _state.Strategies);
        }
        else
        {
            metadata["finalizers"] = JsonNodes.ToArray(finalizers);
            if (!JsonNode.DeepEquals(obj, current.ToJsonObject()))
            {
                Store.Update(current, obj);
            }
        }

        return true;
    }

    private bool CollectIfOrphaned(StorageKey key)
    {
        var current = Store.Get(key);
        if (current is null)
        {
            return false;
        }

        var references = OwnerReference.Read(current.Element);
        if (references.Count == 0)
        {
            return false;
        }

        var dangling = references.Where(reference => !OwnerExists(current, reference.Uid)).Select(reference => reference.Uid).ToList();
        if (dangling.Count == 0)
        {
            return false;
        }

        if (dangling.Count == references.Count)
        {
            return !current.HasDeletionTimestamp && Delete(current, PropagationPolicy.Background);
        }

        RemoveOwnerReferences(current, dangling);
        return true;
    }

    /// <summary>
    /// An owner counts only if it exists and could own the dependent: cluster-scoped owners own anything, namespaced
    /// owners only objects in their namespace (the garbage collector resolves owners in the dependent's namespace).
    /// </summary>
    private bool OwnerExists(StoredObject dependent, string uid)
    {
        var owner = Store.GetByUid(uid);
        return owner is not null && (owner.Key.Namespace.Length == 0 || owner.Key.Namespace == dependent.Key.Namespace);
    }

    private List<StoredObject> DependentsOf(string uid) =>
        Store.All().Where(obj => OwnerReference.Read(obj.Element).Any(reference => reference.Uid == uid)).ToList();

    private void RemoveOwnerReferences(StoredObject dependent, IReadOnlyCollection<string> uids)
    {
        var obj = dependent.ToJsonObject();
        var metadata = JsonNodes.Metadata(obj);
        if (metadata["ownerReferences"] is not JsonArray references)
        {
            return;
        }

        var kept = new JsonArray([.. references
            .Where(reference => !uids.Contains(JsonNodes.GetString(reference, "uid") ?? string.Empty))
            .Select(reference => reference?.DeepClone())]);
        if (kept.Count == 0)
        {
            metadata.Remove("ownerReferences");
        }
        else
        {
            metadata["ownerReferences"] = kept;
        }

        Store.Update(dependent, obj);
    }

    private bool Delete(StoredObject obj, PropagationPolicy propagation)
    {
        var definition = DefinitionOf(obj);
        if (definition is null)
        {
            Store.Remove(obj);
            return true;
        }

        _state.Writer.DeleteExisting(definition, obj, propagation, dryRun: false);
        return true;
    }

    private ResourceDefinition? DefinitionOf(StoredObject obj) => _state.Registry.FindByGroupResource(obj.Key.GroupResource);
}
