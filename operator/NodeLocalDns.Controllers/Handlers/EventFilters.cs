using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Informers;

namespace NodeLocalDns.Controllers.Handlers;

/// <summary>Ready-made event filters for <see cref="Controller.For{T}"/> and <see cref="Controller.Watch{T}"/>.</summary>
public static class EventFilters
{
    /// <summary>
    /// Drops updates that leave <c>metadata.generation</c> unchanged (controller-runtime's
    /// GenerationChangedPredicate), i.e. status-only writes, most often the controller's own.
    /// Adds, deletes, and updates of objects without a generation pass.
    /// <para><b>Caveats:</b> use it on the primary kind only. Label, annotation, finalizer and deletionTimestamp
    /// changes do not bump the generation either, so a reconciler that depends on those must not use it. Never use
    /// it on owned children: a child's status (a DaemonSet's ready count) changes without a new generation, and the
    /// controller needs to see it.</para>
    /// </summary>
    public static Func<InformerEvent<T>, bool> GenerationChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        change => change.Type != InformerEventType.Updated
            || change.OldObject?.Metadata?.Generation is not { } before
            || change.Object.Metadata?.Generation is not { } after
            || before != after;
}
