using NodeLocalDns.Corefile.Directives.Bind;
using NodeLocalDns.Corefile.Directives.Cache;
using NodeLocalDns.Corefile.Directives.Errors;
using NodeLocalDns.Corefile.Directives.Forward;
using NodeLocalDns.Corefile.Directives.Health;
using NodeLocalDns.Corefile.Directives.Hosts;
using NodeLocalDns.Corefile.Directives.Log;
using NodeLocalDns.Corefile.Directives.Loop;
using NodeLocalDns.Corefile.Directives.Prometheus;
using NodeLocalDns.Corefile.Directives.Ready;
using NodeLocalDns.Corefile.Directives.Reload;
using NodeLocalDns.Corefile.Directives.Template;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives;

/// <summary>
/// dnscache's <c>plugin.cfg</c>: the one place that says which directives exist, how each is parsed into a
/// <see cref="Configuration.ServerConfig"/>, whether it may repeat, and in which order the directives run.
/// The config loader dispatches through it, the daemon's request path follows its order (a test holds the
/// two together), and dnscache/README.md documents every row under a <c>### name</c> heading, in row order.
/// Each directive's code lives in <c>Directives/&lt;Name&gt;/</c> of this library (setup and options) and of
/// the daemon (handler, state, metrics).
/// </summary>
public static class DirectiveTable
{
    /// <summary>
    /// Every directive, in the order of the README's sections (which is also the order error messages list
    /// them in). <see cref="DirectiveSpec.Order"/> is the execution order, CoreDNS's: in its plugin.cfg,
    /// reload, bind, ready, health and prometheus come before errors, log, cache, template, hosts, loop and
    /// forward.
    /// </summary>
    public static IReadOnlyList<DirectiveSpec> Directives { get; } =
    [
        new("errors", order: 6, repeatable: false, handlesQueries: true, (c, d) => c with { Errors = ErrorsSetup.Parse(d) }),
        new("log", order: 7, repeatable: false, handlesQueries: true, (c, d) => c with { Log = LogSetup.Parse(d) }),
        new("cache", order: 8, repeatable: false, handlesQueries: true, (c, d) => c with { Cache = CacheSetup.Parse(d) }),
        new("forward", order: 12, repeatable: false, handlesQueries: true, (c, d) => c with { Forward = ForwardSetup.Parse(d) }),
        new("bind", order: 2, repeatable: true, handlesQueries: false, BindSetup.Apply),
        new("reload", order: 1, repeatable: false, handlesQueries: false, (c, d) => c with { Reload = ReloadSetup.Parse(d) }),
        new("loop", order: 11, repeatable: false, handlesQueries: true, (c, d) => c with { Loop = LoopSetup.Parse(d) }),
        new("health", order: 4, repeatable: false, handlesQueries: false, (c, d) => c with { Health = HealthSetup.Parse(d) }),
        new("ready", order: 3, repeatable: false, handlesQueries: false, (c, d) => c with { Ready = ReadySetup.Parse(d) }),
        new("prometheus", order: 5, repeatable: false, handlesQueries: false, (c, d) => c with { Prometheus = PrometheusSetup.Parse(d) }),
        new("hosts", order: 10, repeatable: false, handlesQueries: true, (c, d) => c with { Hosts = HostsSetup.Parse(d) }),
        new("template", order: 9, repeatable: true, handlesQueries: true,
            (c, d) => c with { Templates = new ValueList<TemplateOptions>([.. c.Templates, TemplateSetup.Parse(d)]) }),
    ];

    /// <summary>The names of <see cref="Directives"/>, in the same order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Directives.Select(d => d.Name)];

    /// <summary>The directives in execution order.</summary>
    public static IReadOnlyList<DirectiveSpec> ExecutionOrder { get; } = [.. Directives.OrderBy(d => d.Order)];

    /// <summary>The directives that handle queries, in the order a query passes through them.</summary>
    public static IReadOnlyList<string> RequestPath { get; } = [.. ExecutionOrder.Where(d => d.HandlesQueries).Select(d => d.Name)];

    /// <summary>
    /// Plugins CoreDNS (or node-cache) has but dnscache does not: named so that the error can say so rather
    /// than call them unknown.
    /// </summary>
    public static IReadOnlySet<string> KnownUnsupported { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "kubernetes", "rewrite", "file", "auto", "etcd", "whoami", "debug", "pprof", "dns64", "loadbalance", "bufsize",
        "timeouts", "trace", "autopath", "k8s_external", "acl", "dnssec", "secondary", "route53", "proxy", "root",
        "chaos", "any", "minimal", "metadata", "nsid", "local", "tls", "header", "view", "erratic", "grpc", "sign",
        "clouddns", "azure", "transfer", "cancel", "geoip", "multisocket", "quic", "import",
    };

    private static readonly Dictionary<string, DirectiveSpec> ByName = Directives.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The row for <paramref name="name"/>, or <c>null</c> when dnscache has no such directive.</summary>
    public static DirectiveSpec? Find(string name) => ByName.GetValueOrDefault(name);
}
