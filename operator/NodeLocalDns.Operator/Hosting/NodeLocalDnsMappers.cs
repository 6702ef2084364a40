using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// Which NodeLocalDns objects an event on another object concerns: its controller owner when it is a
/// child, and every NodeLocalDns whose spec reads it when it is an input (the CoreDNS, custom and kube-dns
/// ConfigMaps, the kube-dns Service). Anything else in the namespace maps to nothing.
/// </summary>
internal static class NodeLocalDnsMappers
{
    public static Func<V1ConfigMap, IEnumerable<ObjectKey>> ConfigMaps(Store<V1Alpha1NodeLocalDns> primaries) =>
        configMap => Owner(configMap).Concat(primaries.List(n => ReadsConfigMap(n.Spec, configMap.Namespace(), configMap.Name())).Select(Store<V1Alpha1NodeLocalDns>.KeyOf)).Distinct();

    public static Func<V1Service, IEnumerable<ObjectKey>> Services(Store<V1Alpha1NodeLocalDns> primaries) =>
        service => Owner(service).Concat(primaries.List(n => n.Spec.KubeDnsService.Namespace == service.Namespace() && n.Spec.KubeDnsService.Name == service.Name()).Select(Store<V1Alpha1NodeLocalDns>.KeyOf)).Distinct();

    public static IEnumerable<ObjectKey> Owner(IKubernetesObject<V1ObjectMeta> child) =>
        ControllerReference.Of(child.Metadata) is { Kind: V1Alpha1NodeLocalDns.KindName } owner && owner.ApiVersion.StartsWith(V1Alpha1NodeLocalDns.ApiGroup + "/", StringComparison.Ordinal)
            ? [ObjectKey.Cluster(owner.Name)]
            : [];

    private static bool ReadsConfigMap(NodeLocalDnsSpec spec, string ns, string name)
    {
        var source = spec.StubDomains;
        return (source.CoreDnsConfigMap.Namespace == ns && source.CoreDnsConfigMap.Name == name)
            || (source.KubeDnsConfigMap.Namespace == ns && source.KubeDnsConfigMap.Name == name)
            || source.CustomConfigMaps.Any(c => c.Namespace == ns && c.Name == name);
    }
}
