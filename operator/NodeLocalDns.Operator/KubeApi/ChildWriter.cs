using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation;
using Polly;

namespace NodeLocalDns.Operator.KubeApi;

/// <summary>
/// Creates, applies and replaces the operator's child objects and writes the NodeLocalDns status on the API server:
/// the only writer there (the reconciler's <see cref="IChildWriter"/>). Transient failures (429, 5xx, timeouts,
/// dropped connections) are retried with backoff and jitter; a conflict is not retried here, because only a fresh
/// read can resolve it (the reconcile is requeued and reads again).
/// </summary>
public sealed class ChildWriter(IKubernetes client, ResiliencePipeline? retry = null) : IChildWriter
{
    /// <summary>The field manager of every write, as <c>kubectl get --show-managed-fields</c> shows it.</summary>
    public const string FieldManager = "nodelocal-operator";

    private readonly ResiliencePipeline _retry = retry ?? ApiResilience.CreatePipeline();

    /// <inheritdoc />
    public async Task<(T Object, bool Created)> CreateAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(desired);
        var ns = desired.Metadata.NamespaceProperty;
        try
        {
            object created = await _retry.ExecuteAsync(async ct => desired switch
            {
                V1ConfigMap c => (object)await client.CoreV1.CreateNamespacedConfigMapAsync(
                    c, ns, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
                V1Service s => await client.CoreV1.CreateNamespacedServiceAsync(
                    s, ns, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
                V1ServiceAccount a => await client.CoreV1.CreateNamespacedServiceAccountAsync(
                    a, ns, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
                V1DaemonSet d => await client.AppsV1.CreateNamespacedDaemonSetAsync(
                    d, ns, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
                _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
            }, cancellationToken).ConfigureAwait(false);
            return ((T)created, true);
        }
        catch (Exception e) when (ApiErrors.IsAlreadyExists(e))
        {
            // A store behind the server, a retried create whose first answer was lost, or someone else's object: read
            // it from the server itself (informers may filter it out, or not have it yet).
            var name = desired.Metadata.Name;
            object existing = await _retry.ExecuteAsync(async ct => desired switch
            {
                V1ConfigMap => (object)await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct).ConfigureAwait(false),
                V1Service => await client.CoreV1.ReadNamespacedServiceAsync(name, ns, cancellationToken: ct).ConfigureAwait(false),
                V1ServiceAccount => await client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: ct).ConfigureAwait(false),
                V1DaemonSet => await client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: ct).ConfigureAwait(false),
                _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
            }, cancellationToken).ConfigureAwait(false);
            return ((T)existing, false);
        }
    }

    /// <inheritdoc />
    public async Task<T> ApplyAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(desired);
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;

        // force: the operator is the one manager of these fields; a conflict with a manager that edited one of them by
        // hand is resolved in the operator's favour, as the level it reconciles to.
        var patch = new V1Patch(KubernetesJson.Serialize(desired), V1Patch.PatchType.ApplyPatch);
        object applied = await Guarded(_retry.ExecuteAsync(async ct => desired switch
        {
            V1ConfigMap => (object)await client.CoreV1.PatchNamespacedConfigMapAsync(
                patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct).ConfigureAwait(false),
            V1Service => await client.CoreV1.PatchNamespacedServiceAsync(
                patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct).ConfigureAwait(false),
            V1ServiceAccount => await client.CoreV1.PatchNamespacedServiceAccountAsync(
                patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct).ConfigureAwait(false),
            V1DaemonSet => await client.AppsV1.PatchNamespacedDaemonSetAsync(
                patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: ct).ConfigureAwait(false),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
        }, cancellationToken).AsTask(), desired).ConfigureAwait(false);
        return (T)applied;
    }

    /// <inheritdoc />
    public async Task<T> ReplaceAsync<T>(T desired, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(desired);
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;
        object replaced = await Guarded(_retry.ExecuteAsync(async ct => desired switch
        {
            V1ConfigMap c => (object)await client.CoreV1.ReplaceNamespacedConfigMapAsync(
                c, name, ns, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
            V1Service s => await client.CoreV1.ReplaceNamespacedServiceAsync(
                s, name, ns, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
            V1ServiceAccount a => await client.CoreV1.ReplaceNamespacedServiceAccountAsync(
                a, name, ns, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
            V1DaemonSet d => await client.AppsV1.ReplaceNamespacedDaemonSetAsync(
                d, name, ns, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
        }, cancellationToken).AsTask(), desired).ConfigureAwait(false);
        return (T)replaced;
    }

    /// <inheritdoc />
    public async Task<V1Alpha1NodeLocalDns> ReplaceStatusAsync(V1Alpha1NodeLocalDns nodeLocalDns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeLocalDns);
        return await Guarded(
            _retry.ExecuteAsync(
                async ct => await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<V1Alpha1NodeLocalDns>(
                    nodeLocalDns, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, nodeLocalDns.Metadata.Name,
                    fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
                cancellationToken).AsTask(),
            nodeLocalDns).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<V1Alpha1NodeLocalDns?> SetFinalizersAsync(V1Alpha1NodeLocalDns nodeLocalDns, IReadOnlyList<string> finalizers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeLocalDns);
        ArgumentNullException.ThrowIfNull(finalizers);
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["resourceVersion"] = nodeLocalDns.Metadata.ResourceVersion,
                ["finalizers"] = new System.Text.Json.Nodes.JsonArray([.. finalizers.Select(f => (System.Text.Json.Nodes.JsonNode?)f)]),
            },
        };
        try
        {
            var patched = await Guarded(
                _retry.ExecuteAsync(
                    async ct => await client.CustomObjects.PatchClusterCustomObjectAsync<V1Alpha1NodeLocalDns>(
                        new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch),
                        V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural,
                        nodeLocalDns.Metadata.Name, fieldManager: FieldManager, cancellationToken: ct).ConfigureAwait(false),
                    cancellationToken).AsTask(),
                nodeLocalDns).ConfigureAwait(false);
            return patched.Metadata.DeletionTimestamp is not null && finalizers.Count == 0 ? null : patched;
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>Turns a 409 Conflict into the reconciler's <see cref="WriteConflictException"/>.</summary>
    private static async Task<TResult> Guarded<TResult>(Task<TResult> write, IKubernetesObject<V1ObjectMeta> what)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
            throw new WriteConflictException($"{what.Kind} {what.Metadata.NamespaceProperty}/{what.Metadata.Name}: {e.Message}", e);
        }
    }
}
