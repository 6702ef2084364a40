using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>
/// The cluster-DNS inputs a NodeLocalDns spec reads, from the ConfigMaps that exist: CoreDNS's (its <c>Corefile</c> key and
/// the keys mounted beside it), the custom ConfigMaps at their mount paths, and the legacy kube-dns one. The reconciler
/// and the CLI's <c>--nodelocaldns</c> both build their inputs here, so a preview reads exactly what the operator reads.
/// Pure: the ConfigMaps come in through a lookup.
/// </summary>
public static class ClusterDnsInputsFactory
{
    /// <summary>The inputs for <paramref name="spec"/>; <paramref name="configMap"/> returns null for a ConfigMap that does not exist.</summary>
    public static ClusterDnsInputs For(NodeLocalDnsSpec spec, Func<string, string, ConfigMapData?> configMap)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(configMap);
        var source = spec.StubDomains;
        var coreDns = configMap(source.CoreDnsConfigMap.Namespace, source.CoreDnsConfigMap.Name);
        var mounted = new List<MountedConfigMap>();
        var absent = new List<string>();
        foreach (var custom in source.CustomConfigMaps)
        {
            if (configMap(custom.Namespace, custom.Name) is { } found)
            {
                mounted.Add(new MountedConfigMap(found, custom.MountPath));
            }
            else
            {
                absent.Add(custom.MountPath);
            }
        }

        return new ClusterDnsInputs
        {
            CoreDns = coreDns,
            KubeDns = configMap(source.KubeDnsConfigMap.Namespace, source.KubeDnsConfigMap.Name),
            Mounted = mounted,
            AbsentMountPaths = absent,
            ClusterDomain = spec.ClusterDomain,
            MissingCoreDnsConfigMap = coreDns is null ? $"{source.CoreDnsConfigMap} (spec.stubDomains.coreDNSConfigMap)" : null,
            MissingConfigMapAdvice = "add the ConfigMap CoreDNS mounts at {dir} to spec.stubDomains.customConfigMaps, with mountPath {dir}",
            NoCorefileAdvice = coreDns is null
                ? $"ConfigMap {source.CoreDnsConfigMap} named by spec.stubDomains.coreDNSConfigMap does not exist; point that field at the ConfigMap CoreDNS loads (RKE2 names it rke2-coredns-rke2-coredns)"
                : "point spec.stubDomains.coreDNSConfigMap at the ConfigMap that holds CoreDNS's Corefile",
        };
    }
}
