namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>The names of the objects the operator creates, as the addon manifest names them, so runbooks and dashboards keep working.</summary>
public static class ChildNames
{
    /// <summary>The DaemonSet, its ConfigMap, ServiceAccount and headless metrics Service.</summary>
    public const string NodeLocalDns = "node-local-dns";

    /// <summary>The Service in front of CoreDNS that the cache forwards to (the kube-dns IP is bound locally in iptables mode).</summary>
    public const string KubeDnsUpstream = "kube-dns-upstream";

    /// <summary>Whether <paramref name="name"/> is the name of one of the children (<see cref="NodeLocalDns"/> or <see cref="KubeDnsUpstream"/>).</summary>
    public static bool IsChildName(string? name) => name is NodeLocalDns or KubeDnsUpstream;

    /// <summary>The ConfigMap key holding the rendered Corefile.</summary>
    public const string CorefileKey = "Corefile";

    /// <summary>Where the daemon reads its Corefile.</summary>
    public const string CorefileMountPath = "/etc/coredns";

    /// <summary>The daemon in its image (<c>dnscache/Dockerfile</c>), for the exec probes.</summary>
    public const string DaemonBinary = "/usr/local/bin/dnscache";

    /// <summary>The node-wide instance registry: a host directory every cache pod of the node shares, for the surge hand-over.</summary>
    public const string InstanceDirectory = "/run/nodelocaldns";

    /// <summary>The pod's own directory (an emptyDir) holding the socket its exec probes ask.</summary>
    public const string ProbeDirectory = "/run/dnscache";
}
