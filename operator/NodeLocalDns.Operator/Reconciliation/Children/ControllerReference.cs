using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>
/// The controller owner reference every child carries, so garbage collection removes the children when
/// the NodeLocalDns goes, and events on a child map back to its owner.
/// </summary>
public static class ControllerReference
{
    /// <summary>The reference to <paramref name="owner"/>.</summary>
    public static V1OwnerReference To(V1Alpha1NodeLocalDns owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1OwnerReference
        {
            ApiVersion = owner.ApiVersion,
            Kind = owner.Kind,
            Name = owner.Metadata.Name,
            Uid = owner.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>The controller reference of <paramref name="metadata"/>, if any.</summary>
    public static V1OwnerReference? Of(V1ObjectMeta metadata) =>
        metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    /// <summary>Whether the object is controlled by <paramref name="owner"/>.</summary>
    public static bool IsControlledBy(V1ObjectMeta metadata, V1Alpha1NodeLocalDns owner) =>
        Of(metadata) is { } reference && reference.Uid == owner.Metadata.Uid;

    /// <summary>Whether another controller (a different NodeLocalDns, or anything else) controls the object.</summary>
    public static bool IsControlledByAnother(V1ObjectMeta metadata, V1Alpha1NodeLocalDns owner) =>
        Of(metadata) is { } reference && reference.Uid != owner.Metadata.Uid;
}
