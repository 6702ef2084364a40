namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// A ConfigMap whose keys CoreDNS's pod sees as files under <paramref name="MountPath"/>, such as
/// <c>coredns-custom</c> at <c>/etc/coredns/custom</c> on AKS and k3s. Only keys the Corefile imports
/// (or a <c>hosts</c> plugin reads) are ever looked at.
/// </summary>
public sealed record MountedConfigMap(ConfigMapData ConfigMap, string MountPath);
