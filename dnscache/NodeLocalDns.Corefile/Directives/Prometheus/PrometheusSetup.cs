using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Prometheus;

/// <summary>Parses <c>prometheus [ADDRESS]</c> (CoreDNS plugin/metrics/setup.go).</summary>
internal static class PrometheusSetup
{
    public static PrometheusOptions Parse(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 1, "prometheus [ADDRESS]");
        DirectiveArgs.NoBlock(directive);
        return new PrometheusOptions(directive.Args.Count > 0
            ? DirectiveArgs.HttpAddress(directive.Args[0], "prometheus")
            : new HttpListenAddress("localhost", 9153));
    }
}
