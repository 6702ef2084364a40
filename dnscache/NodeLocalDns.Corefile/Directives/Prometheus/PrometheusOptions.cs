using NodeLocalDns.Corefile.Configuration;
namespace NodeLocalDns.Corefile.Directives.Prometheus;

/// <summary><c>prometheus [ADDRESS]</c>: Prometheus text metrics at <c>/metrics</c> (default <c>localhost:9153</c>).</summary>
public sealed record PrometheusOptions(HttpListenAddress Address);
