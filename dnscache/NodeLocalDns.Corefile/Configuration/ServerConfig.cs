using System.Net;
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
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// One server block: the zones it answers for, where it listens and the options of each directive it
/// holds (<c>null</c> when the directive is absent). The position is where the block's first key is; it
/// is informative and not compared.
/// </summary>
public sealed record ServerConfig(ValueList<ZoneAddress> Zones, int Port, ValueList<IPAddress> ListenAddresses)
{
    /// <summary>Where the block starts, for messages.</summary>
    public SourcePosition Position { get; init; } = SourcePosition.None;

    /// <summary>The <c>errors</c> directive.</summary>
    public ErrorsOptions? Errors { get; init; }

    /// <summary>The <c>log</c> directive.</summary>
    public LogOptions? Log { get; init; }

    /// <summary>The <c>cache</c> directive.</summary>
    public CacheOptions? Cache { get; init; }

    /// <summary>The <c>forward</c> directive.</summary>
    public ForwardOptions? Forward { get; init; }

    /// <summary>The <c>reload</c> directive.</summary>
    public ReloadOptions? Reload { get; init; }

    /// <summary>The <c>loop</c> directive.</summary>
    public LoopOptions? Loop { get; init; }

    /// <summary>The <c>health</c> directive.</summary>
    public HealthOptions? Health { get; init; }

    /// <summary>The <c>ready</c> directive.</summary>
    public ReadyOptions? Ready { get; init; }

    /// <summary>The <c>prometheus</c> directive.</summary>
    public PrometheusOptions? Prometheus { get; init; }

    /// <summary>The <c>hosts</c> directive.</summary>
    public HostsOptions? Hosts { get; init; }

    /// <summary>The <c>template</c> directives, in order (several are allowed).</summary>
    public ValueList<TemplateOptions> Templates { get; init; } = ValueList<TemplateOptions>.Empty;

    /// <summary>Where this block listens: one endpoint per <c>bind</c> address, or one for all addresses.</summary>
    public IEnumerable<ListenEndpoint> ListenEndpoints =>
        ListenAddresses.Count == 0 ? [new ListenEndpoint(null, Port)] : ListenAddresses.Select(a => new ListenEndpoint(a, Port));

    /// <summary>
    /// The block's <c>server</c> label in metrics, as CoreDNS prints it: <c>dns://:53</c> without <c>bind</c>,
    /// else <c>dns://ADDRESS:53</c> with the first bound address.
    /// </summary>
    public string MetricsServerLabel => ListenAddresses.Count == 0 ? $"dns://:{Port}" : $"dns://{new IPEndPoint(ListenAddresses[0], Port)}";
}
