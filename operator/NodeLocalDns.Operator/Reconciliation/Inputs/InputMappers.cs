using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;

namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>
/// Which NodeLocalDns objects an event on another object concerns, for the controller's watches: its controller
/// owner when it is a child, and every NodeLocalDns whose spec reads it (<see cref="SpecInputs"/>) when it is an
/// input (the CoreDNS, custom and kube-dns ConfigMaps, the kube-dns Service). Anything else maps to nothing.
/// </summary>
public static class InputMappers
{
    /// <summary>
    /// For ConfigMap events: the owner, every NodeLocalDns in <paramref name="nodeLocalDnses"/> that reads the ConfigMap, and every
    /// one whose child's place it takes.
    /// </summary>
    public static Func<V1ConfigMap, IEnumerable<ObjectKey>> ConfigMaps(Func<IEnumerable<V1Alpha1NodeLocalDns>> nodeLocalDnses) =>
        configMap => Owner(configMap).Concat(Reading(nodeLocalDnses, spec => SpecInputs.ReadsConfigMap(spec, configMap.Namespace(), configMap.Name())))
            .Concat(InPlaceOf(nodeLocalDnses, configMap)).Distinct();

    /// <summary>
    /// For Service events: the owner, every NodeLocalDns in <paramref name="nodeLocalDnses"/> whose kube-dns Service it is, and every
    /// one whose child's place it takes.
    /// </summary>
    public static Func<V1Service, IEnumerable<ObjectKey>> Services(Func<IEnumerable<V1Alpha1NodeLocalDns>> nodeLocalDnses) =>
        service => Owner(service).Concat(Reading(nodeLocalDnses, spec => SpecInputs.ReadsService(spec, service.Namespace(), service.Name())))
            .Concat(InPlaceOf(nodeLocalDnses, service)).Distinct();

    /// <summary>
    /// For ServiceAccount and DaemonSet events: the owner, and every NodeLocalDns whose child's place the object takes (a
    /// child's name, or a node-cache DaemonSet, in its namespace), so that a NodeLocalDns blocked by an install it did not
    /// make goes on as soon as that install is deleted.
    /// </summary>
    public static Func<T, IEnumerable<ObjectKey>> Children<T>(Func<IEnumerable<V1Alpha1NodeLocalDns>> nodeLocalDnses)
        where T : IKubernetesObject<V1ObjectMeta> =>
        child => Owner(child).Concat(InPlaceOf(nodeLocalDnses, child)).Distinct();

    private static IEnumerable<ObjectKey> InPlaceOf(Func<IEnumerable<V1Alpha1NodeLocalDns>> nodeLocalDnses, IKubernetesObject<V1ObjectMeta> obj) =>
        ChildNames.IsChildName(obj.Name()) || (obj is V1DaemonSet && ChildLabels.IsNodeCache(obj.Metadata.Labels))
            ? Reading(nodeLocalDnses, spec => spec.Namespace == obj.Namespace())
            : [];

    /// <summary>The NodeLocalDns that controls <paramref name="child"/>, if one does.</summary>
    public static IEnumerable<ObjectKey> Owner(IKubernetesObject<V1ObjectMeta> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return ControllerReference.Of(child.Metadata) is { Kind: V1Alpha1NodeLocalDns.KindName } owner
            && owner.ApiVersion.StartsWith(V1Alpha1NodeLocalDns.ApiGroup + "/", StringComparison.Ordinal)
            ? [ObjectKey.Cluster(owner.Name)]
            : [];
    }

    private static IEnumerable<ObjectKey> Reading(Func<IEnumerable<V1Alpha1NodeLocalDns>> nodeLocalDnses, Func<NodeLocalDnsSpec, bool> reads) =>
        [.. nodeLocalDnses().Where(n => reads(n.Spec)).Select(n => ObjectKey.Cluster(n.Metadata.Name))];
}
