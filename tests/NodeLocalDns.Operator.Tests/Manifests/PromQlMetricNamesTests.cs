using NodeLocalDns.Operator.Tests.Support.Monitoring;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>The metric-name extraction the monitoring tests rely on: it must find every metric and nothing else.</summary>
public sealed class PromQlMetricNamesTests
{
    [TestCase("up{job=\"node-local-dns\"} == 0", new[] { "up" })]
    [TestCase("sum by (zone, rcode) (rate(coredns_dns_responses_total{job=~\"$job\",rcode=\"SERVFAIL\"}[$__rate_interval]))",
        new[] { "coredns_dns_responses_total" })]
    [TestCase("histogram_quantile(0.99, sum by (le) (rate(coredns_dns_request_duration_seconds_bucket{instance=~\"a{2}\"}[5m])))",
        new[] { "coredns_dns_request_duration_seconds_bucket" })]
    [TestCase("sum(rate(a_total[5m])) / on (instance) group_left (node) sum(b_info) > bool 0.5 unless c offset 1h", new[] { "a_total", "b_info", "c" })]
    [TestCase("absent(up{job=\"x\"} == 1)", new[] { "up" })]
    [TestCase("sum(x) without (pod) and ignoring(pod) y", new[] { "x", "y" })]
    [TestCase("label_values(controller_runtime_reconcile_total{controller=\"nodelocaldns\"}, job)", new[] { "controller_runtime_reconcile_total" })]
    [TestCase("max_over_time(dnscache_x[1h:5m]) * 1e3 + 2.5", new[] { "dnscache_x" })]
    public void Of_Expression_FindsExactlyItsMetrics(string expression, string[] metrics) =>
        Assert.That(PromQlMetricNames.Of(expression), Is.EquivalentTo(metrics));
}
