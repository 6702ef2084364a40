using k8s.Models;
using NodeLocalDns.Controllers.Informers;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>The informer stores of one watched namespace.</summary>
internal sealed record NamespaceStores(
    Store<V1ConfigMap> ConfigMaps,
    Store<V1Service> Services,
    Store<V1ServiceAccount> ServiceAccounts,
    Store<V1DaemonSet> DaemonSets);
