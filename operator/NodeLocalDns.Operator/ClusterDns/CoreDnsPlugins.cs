namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>What CoreDNS plugins do to answers, as far as routing through a node cache is concerned.</summary>
internal static class CoreDnsPlugins
{
    /// <summary>
    /// Plugins that never answer a query themselves: they log, cache, tune or forward. A block holding
    /// only these (and <c>forward</c>) is a pure stub domain that a node cache can reproduce directly.
    /// </summary>
    public static readonly IReadOnlySet<string> Transparent = new HashSet<string>(StringComparer.Ordinal)
    {
        "errors", "log", "cache", "forward", "proxy", "loop", "reload", "prometheus", "health", "ready", "bind",
        "bufsize", "debug", "loadbalance", "trace", "pprof", "cancel", "timeouts", "any", "minimal", "nsid",
        "metadata", "dnstap", "root", "tls", "import", "next",
    };

    /// <summary>Plugins whose first arguments (after those given here) are the zones they answer.</summary>
    public static readonly IReadOnlyDictionary<string, int> ZonesAfterArguments = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["file"] = 1,          // file DBFILE [ZONES...]
        ["k8s_external"] = 0,  // k8s_external [ZONES...]
        ["etcd"] = 0,          // etcd [ZONES...]
        ["auto"] = 0,          // auto [ZONES...]
        ["secondary"] = 0,     // secondary [ZONES...]
        ["template"] = 2,      // template CLASS TYPE [ZONES...]
        ["clouddns"] = 0,
        ["route53"] = 0,
        ["azure"] = 0,
    };
}
