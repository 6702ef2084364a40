namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>The names of the objects the operator creates, as the addon manifest names them, so runbooks and dashboards keep working.</summary>
public static class ChildNames
{
    /// <summary>The DaemonSet, its ConfigMap, ServiceAccount and headless metrics Service.</summary>
    public const string NodeLocalDns = "node-local-dns";

    /// <summary>The Service in front of CoreDNS that the cache forwards to (the kube-dns IP is bound locally in iptables mode).</summary>
    public const string KubeDnsUpstream = "kube-dns-upstream";

    /// <summary>The ConfigMap key holding the rendered Corefile.</summary>
    public const string CorefileKey = "Corefile";

    /// <summary>The pod-template annotation carrying the Corefile's hash, so a config change rolls the pods.</summary>
    public const string ConfigHashAnnotation = "dns.nodelocal.io/config-hash";

    /// <summary>Where the daemon reads its Corefile.</summary>
    public const string CorefileMountPath = "/etc/coredns";
}
