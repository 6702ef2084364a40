using System.Net;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Directives;
using NodeLocalDns.Corefile.Directives.Log;
using NodeLocalDns.DnsCache.Directives.Cache;
using NodeLocalDns.DnsCache.Directives.Errors;
using NodeLocalDns.DnsCache.Directives.Forward;
using NodeLocalDns.DnsCache.Directives.Hosts;
using NodeLocalDns.DnsCache.Directives.Loop;
using NodeLocalDns.DnsCache.Directives.Template;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// One server block, ready to serve: each of its directives that handles queries turned into its handler
/// (<c>null</c> or empty when the block does not have it). <see cref="RequestProcessor"/> runs them in
/// <see cref="DirectiveTable.RequestPath"/> order; the properties are listed in that order.
/// </summary>
internal sealed class ServerPipeline : IDisposable
{
    private ServerPipeline(ServerConfig config)
    {
        Config = config;
        ServerLabel = config.MetricsServerLabel;
    }

    public ServerConfig Config { get; }

    /// <summary>The block's <c>server</c> label in metrics.</summary>
    public string ServerLabel { get; }

    /// <summary>The <c>errors</c> directive.</summary>
    public ErrorReporter? Errors { get; private init; }

    /// <summary>The <c>log</c> directive.</summary>
    public LogOptions? QueryLog => Config.Log;

    /// <summary>The names <c>log</c> is limited to, in wire form (empty: every name).</summary>
    public byte[][] QueryLogNames { get; private init; } = [];

    /// <summary>The <c>cache</c> directive.</summary>
    public CacheHandler? Cache { get; private init; }

    /// <summary>The <c>template</c> directives, in Corefile order (the first that answers wins).</summary>
    public TemplatePlugin[] Templates { get; private init; } = [];

    /// <summary>The <c>hosts</c> directive.</summary>
    public HostsPlugin? Hosts { get; private init; }

    /// <summary>The <c>loop</c> directive (only with <c>forward</c>: without it nothing can loop).</summary>
    public LoopDetector? Loop { get; private init; }

    /// <summary>The <c>forward</c> directive.</summary>
    public Forwarder? Forwarder { get; private init; }

    /// <summary>
    /// Builds the handlers of <paramref name="server"/>. This does the I/O the block needs (resolv.conf,
    /// hosts files), so a configuration that cannot be served fails here, before it replaces a running one.
    /// </summary>
    public static ServerPipeline Build(ServerConfig server, DnsMetrics metrics, TimeProvider time, ILogger logger)
    {
        Forwarder? forwarder = null;
        if (server.Forward is { } f)
        {
            var upstreams = new List<IPEndPoint>();
            foreach (var target in f.To)
            {
                if (target.Endpoint is { } endpoint)
                {
                    upstreams.Add(endpoint);
                }
                else
                {
                    upstreams.AddRange(ResolvConf.Nameservers(target.ResolvConfPath!));
                }
            }

            forwarder = new Forwarder(f, upstreams, time, metrics.Forward, logger);
        }

        try
        {
            // What can fail (resolv.conf, template records, names that are not domain names) is built before the
            // handlers that register gauge callbacks, so a block that fails leaves no callback behind; and the
            // forwarder (a thread per upstream) is disposed.
            TemplatePlugin[] templates = [.. server.Templates.Select(t => new TemplatePlugin(t))];
            byte[][] logNames = server.Log is { } log ? [.. log.Names.Select(WireName.FromText)] : [];
            var hosts = server.Hosts is { } h ? new HostsPlugin(h, metrics.Hosts, time, logger) : null;
            return new ServerPipeline(server)
            {
                QueryLogNames = logNames,
                Cache = server.Cache is { } c ? new CacheHandler(c, server.MetricsServerLabel, metrics.Cache, time, logger) : null,
                Templates = templates,
                Hosts = hosts,
                Loop = server.Loop is not null && forwarder is not null ? new LoopDetector(server.Zones[0].Zone) : null,
                Forwarder = forwarder,
                Errors = server.Errors is { } errors ? new ErrorReporter(errors, time, logger) : null,
            };
        }
        catch
        {
            forwarder?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Forwarder?.Dispose();
        Hosts?.Dispose();
        Errors?.Dispose();
    }
}
