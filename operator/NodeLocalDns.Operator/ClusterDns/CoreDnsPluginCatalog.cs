namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// CoreDNS's directives, in the order of its <c>plugin.cfg</c> (coredns/coredns master of 2026, with <c>proxyproto</c>
/// added by coredns/coredns#7738 and #7986 and <c>acl</c> after <c>rewrite</c>), which is the order plugins run in
/// whatever order a Corefile lists them; then the plugins removed from the build. A directive outside this list makes
/// Caddy's parser stop with <c>Unknown directive '…'</c>.
/// <para>Rules per plugin come from each plugin's <c>setup.go</c>: which ones return <c>plugin.ErrOnce</c> for a second
/// instance (read in kubernetes, cache, errors, hosts, loop, metrics, ready and forward before coredns/coredns#5127), and
/// the block options of the plugins these configs use. Releases that added a plugin are recorded only where they were
/// verified (<c>ready</c> in 1.5.0 and <c>transfer</c> in 1.8.0, from coredns/corefile-migration); any other plugin is
/// taken to exist in every release, so an older cluster is never refused something wrongly, at the price of not
/// flagging a plugin newer than its CoreDNS.</para>
/// </summary>
internal static class CoreDnsPluginCatalog
{
    private static readonly IReadOnlyDictionary<string, CoreDnsOption> KubernetesOptions = Options(
        "endpoint", "tls", "kubeconfig", "namespaces", "namespace_labels", "labels", "pods", "endpoint_pod_names", "ttl",
        "noendpoints", "fallthrough", "ignore", "multicluster", "startup_timeout", "apiserver_qps", "apiserver_burst",
        "apiserver_max_inflight").With(
        ("upstream", new(RemovedIn: CoreDnsVersion.KubernetesUpstreamRemoved, Advice: "it did nothing since 1.5.0 (CoreDNS resolves external CNAME targets itself); delete the line")),
        ("resyncperiod", new(RemovedIn: CoreDnsVersion.KubernetesUpstreamRemoved, Advice: "it was ignored since 1.6.0; delete the line")),
        ("transfer", new(RemovedIn: CoreDnsVersion.TransferPluginAdded, Advice: "zone transfers moved to the transfer plugin")));

    private static readonly IReadOnlyDictionary<string, CoreDnsOption> ForwardOptions = Options(
        "except", "force_tcp", "prefer_udp", "expire", "max_fails", "tls", "tls_servername", "policy", "health_check",
        "next", "failover", "failfast_all_unhealthy_upstreams", "max_idle_conns", "max_requests").With(
        // "It was added in 1.6.9" (coredns/coredns#4362, a cluster crash-looping on an older image).
        ("max_concurrent", new(Since: new CoreDnsVersion(1, 6, 9))),
        ("resolver", new(Since: CoreDnsVersion.ForwardHostNames)));

    /// <summary>Every directive, in <c>plugin.cfg</c> order.</summary>
    public static IReadOnlyList<CoreDnsPlugin> Plugins { get; } =
    [
        new("root") { Once = true },
        new("metadata"),
        new("geoip"),
        new("cancel"),
        new("tls"),
        new("proxyproto"),
        new("quic"),
        new("grpc_server"),
        new("https"),
        new("https3"),
        new("timeouts"),
        new("multisocket"),
        new("reload"),
        new("nsid"),
        new("bufsize"),
        new("bind"),
        new("debug") { Once = true },
        new("trace"),
        new("ready") { Once = true, Since = new CoreDnsVersion(1, 5, 0), Options = Options("monitor") },
        new("health") { Options = Options("lameduck"), UnknownOptionWords = ArgErr },
        new("pprof") { Once = true },
        new("prometheus") { Once = true, Options = Options("tls"), UnknownOptionWords = "unknown option: {0}" },
        new("errors") { Once = true, Options = Options("consolidate", "stacktrace", "panicRecoveryStacktrace"), UnknownOptionWords = "Syntax error: Unexpected token '{0}', expecting 'Unknown field {0}'" },
        new("log") { Options = Options("class"), UnknownOptionWords = ArgErr },
        new("dnstap"),
        new("local"),
        new("dns64") { Once = true },
        new("any") { Once = true },
        new("chaos"),
        new("loadbalance"),
        new("tsig"),
        new("cache") { Once = true, Options = Options("success", "denial", "prefetch", "serve_stale", "servfail", "disable", "keepttl"), UnknownOptionWords = ArgErr },
        new("rewrite"),
        new("acl"),
        new("header"),
        new("dnssec"),
        new("autopath"),
        new("minimal"),
        // setup.go's templateParse: these seven, anything else is c.ArgErr(); "upstream" is eaten and kept for old configs.
        new("template") { Options = Options("match", "answer", "additional", "authority", "rcode", "fallthrough", "upstream"), UnknownOptionWords = ArgErr },
        new("transfer") { Since = CoreDnsVersion.TransferPluginAdded },
        // hosts's block takes ttl, no_reverse, reload and fallthrough, and reads any other line as an inline hosts entry
        // (a line without a valid IP is skipped when the entries are parsed), so it refuses no option: not checked.
        new("hosts") { Once = true },
        new("route53"),
        new("azure"),
        new("clouddns"),
        new("k8s_external"),
        new("kubernetes") { Once = true, Options = KubernetesOptions },
        new("file"),
        new("auto"),
        new("secondary"),
        new("etcd"),
        new("loop") { Once = true },
        new("forward") { Once = true, SeveralSince = CoreDnsVersion.SeveralForwards, Options = ForwardOptions },
        new("grpc"),
        new("erratic"),
        new("whoami"),
        new("on"),
        new("sign"),
        new("view"),
        new("nomad"),

        // No longer in the build.
        new("proxy") { RemovedIn = CoreDnsVersion.ProxyRemoved, Replacement = "forward (forward . 10.0.0.1 instead of proxy . 10.0.0.1)" },
        new("federation") { RemovedIn = CoreDnsVersion.KubernetesUpstreamRemoved, Replacement = "nothing: Kubernetes federation v1 is gone; delete the federation block" },
    ];

    private const string ArgErr = "Wrong argument count or unexpected line ending after '{0}'";

    private static readonly Dictionary<string, CoreDnsPlugin> ByName = Plugins.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The plugin named <paramref name="name"/>, or null when CoreDNS has never had it.</summary>
    public static CoreDnsPlugin? Find(string name) => ByName.GetValueOrDefault(name);

    private static Dictionary<string, CoreDnsOption> Options(params string[] names) =>
        names.ToDictionary(n => n, _ => CoreDnsOption.Always, StringComparer.Ordinal);

    private static Dictionary<string, CoreDnsOption> With(this Dictionary<string, CoreDnsOption> options, params (string Name, CoreDnsOption Option)[] more)
    {
        foreach (var (name, option) in more)
        {
            options[name] = option;
        }

        return options;
    }
}
