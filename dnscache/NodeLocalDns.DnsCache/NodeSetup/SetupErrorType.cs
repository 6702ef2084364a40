namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// The <c>errortype</c> label of <c>coredns_nodecache_setup_errors_total</c>: node-cache's values (its
/// <c>metrics.go</c>), which Gardener's alerts and the node-local-dns dashboards query, plus <c>nftables</c>
/// for the rules node-cache cannot write.
/// </summary>
internal enum SetupErrorType
{
    /// <summary><c>iptables</c>: a rule could not be checked, added or removed.</summary>
    Iptables,

    /// <summary><c>iptables_lock</c>: another program held the xtables lock longer than we wait.</summary>
    IptablesLock,

    /// <summary><c>interface_add</c>: the interface or one of its addresses could not be added.</summary>
    InterfaceAdd,

    /// <summary><c>interface_check</c>: the interface could not be inspected.</summary>
    InterfaceCheck,

    /// <summary><c>configmap</c>: the base Corefile or the kube-dns ConfigMap could not be turned into a configuration.</summary>
    ConfigMap,

    /// <summary><c>nftables</c>: the nftables table could not be checked, written or removed.</summary>
    Nftables,
}
