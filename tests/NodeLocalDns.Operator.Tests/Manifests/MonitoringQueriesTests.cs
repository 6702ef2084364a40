using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodeLocalDns.LocalCluster;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Operator.Tests.Support.Monitoring;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// Every query of the chart's Grafana dashboard and PrometheusRule reads metrics the binaries really export: the
/// published daemon serving the Corefile the operator renders for the full sample (moved onto loopback, in front of a
/// stand-in upstream, with a few queries sent so that labelled series exist), and the operator process reconciling a
/// NodeLocalDns against the in-process API server. Both are scraped over HTTP as Prometheus would. The one name no
/// binary exports is <c>up</c>, which Prometheus itself records for every target.
/// </summary>
[Category(TestCategories.Helm)]
[Category(TestCategories.Processes)]
[CancelAfter(120_000)]
public sealed partial class MonitoringQueriesTests
{
    /// <summary>Series Prometheus adds to every target it scrapes.</summary>
    private static readonly string[] PrometheusSyntheticSeries = ["up"];

    private static string Daemon => TestData.Repo("out", "dnscache", "dnscache");

    private static IEnumerable<TestCaseData> Queries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(TestData.Repo("charts", "nodelocal-operator", "files", "dashboard.json")));
        foreach (var (where, expression) in DashboardQueries(dashboard.RootElement))
        {
            yield return new TestCaseData(expression).SetArgDisplayNames($"dashboard: {where}");
        }

        var rule = YamlValues.ParseAll(HelmChart.Operator().Render(overrides: "monitoring: {prometheusRule: {enabled: true}}")["prometheusrule.yaml"]).Single();
        foreach (var alert in ((List<object?>)YamlValues.At(rule, "spec.groups")!).SelectMany(group => (List<object?>)YamlValues.At(group, "rules")!))
        {
            yield return new TestCaseData((string)YamlValues.At(alert, "expr")!).SetArgDisplayNames($"alert: {YamlValues.At(alert, "alert")}");
        }
    }

    [OneTimeSetUp]
    public async Task ScrapeTheBinaries()
    {
        var daemon = await ScrapeDaemonAsync();
        var operatorMetrics = await ScrapeOperatorAsync();
        DaemonMetrics = Exported(daemon);
        OperatorMetrics = Exported(operatorMetrics);
    }

    private HashSet<string> DaemonMetrics { get; set; } = [];

    private HashSet<string> OperatorMetrics { get; set; } = [];

    [TestCaseSource(nameof(Queries))]
    public void Query_MetricNames_AreExportedByTheDaemonOrTheOperator(string expression)
    {
        var names = PromQlMetricNames.Of(expression);
        Assert.Multiple(() =>
        {
            Assert.That(names, Is.Not.Empty, expression);
            Assert.That(names.Where(name => !DaemonMetrics.Contains(name)
                    && !OperatorMetrics.Contains(name)
                    && !PrometheusSyntheticSeries.Contains(name)),
                Is.Empty, expression);
        });
    }

    [Test]
    public void Scrapes_FoundTheFamiliesTheQueriesNeed()
    {
        // The daemon's set-up errors and forward series, and the operator's controller series, exist before any failure.
        Assert.Multiple(() =>
        {
            Assert.That(DaemonMetrics, Is.SupersetOf(new[]
            {
                "coredns_nodecache_setup_errors_total", "coredns_forward_requests_total", "coredns_dns_request_duration_seconds_bucket",
                "coredns_cache_served_stale_total",
            }));
            Assert.That(OperatorMetrics, Is.SupersetOf(new[]
            {
                "controller_runtime_reconcile_errors_total", "controller_runtime_reconcile_time_seconds_bucket", "workqueue_depth",
            }));
            Assert.That(DaemonMetrics, Does.Not.Contain("controller_runtime_reconcile_total"), "the two scrapes are kept apart");
        });
    }

    /// <summary>Family names from <c># TYPE</c> lines (histograms with their _bucket, _sum and _count series) and every sample's name.</summary>
    private static HashSet<string> Exported(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TypeLine().Match(line) is { Success: true } type)
            {
                var name = type.Groups["name"].Value;
                names.Add(name);
                if (type.Groups["type"].Value is "histogram" or "summary")
                {
                    names.UnionWith([$"{name}_bucket", $"{name}_sum", $"{name}_count"]);
                }
            }
            else if (!line.StartsWith('#'))
            {
                names.Add(SampleName().Match(line).Value);
            }
        }

        return names;
    }

    private static IEnumerable<(string Where, string Expression)> DashboardQueries(JsonElement dashboard)
    {
        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var query = variable.GetProperty("query");
            yield return ($"${variable.GetProperty("name").GetString()}",
                query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!);
        }

        foreach (var panel in Panels(dashboard.GetProperty("panels")))
        {
            foreach (var target in panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                yield return ($"{panel.GetProperty("title").GetString()} {target.GetProperty("refId").GetString()}", target.GetProperty("expr").GetString()!);
            }
        }
    }

    /// <summary>Every panel, those inside collapsed rows too.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement panels) =>
        panels.EnumerateArray().SelectMany(panel => panel.TryGetProperty("panels", out var nested) ? Panels(nested).Prepend(panel) : [panel]);

    /// <summary>
    /// The published daemon serving the operator's Corefile for the full sample on loopback, every upstream replaced by a
    /// stand-in (another dnscache answering every A query), after a few queries through each kind of zone.
    /// </summary>
    private static async Task<string> ScrapeDaemonAsync()
    {
        await using var upstream = await DnsCacheProcess.StartAsync(Daemon,
            ".:{PORT} {\n    bind 127.0.0.1\n    template IN A {\n        answer \"{{ .Name }} 60 IN A 192.0.2.1\"\n    }\n}\n", "probe.test");
        var (exit, rendered, error) = CliRun.InProcess(
            string.Empty,
            "render", "-f", TestData.Repo("operator", "examples", "coredns-configmap.yaml"),
            "--nodelocaldns", TestData.Repo("crds", "samples", "nodelocaldns-full.yaml"), "--upstream-ip", "10.96.0.11");
        Assert.That(exit, Is.Zero, error);
        var port = FreePort.Next();
        var stand = $"127.0.0.1:{upstream.Port.ToString(CultureInfo.InvariantCulture)}";
        var upstreams = ForwardTarget().Matches(rendered)
            .SelectMany(m => m.Groups["to"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct()
            .ToDictionary(to => to, _ => stand, StringComparer.Ordinal);
        var folder = Directory.CreateTempSubdirectory("nld-monitoring-daemon-").FullName;
        var corefile = Path.Combine(folder, "Corefile");
        await File.WriteAllTextAsync(corefile, LoopbackCorefile.Rewrite(rendered, "127.0.0.1", port, upstreams));
        var start = new ProcessStartInfo(Daemon) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "-conf", corefile, "-metrics-listen-address=",
                     "-probesocket", Path.Combine(folder, "probe.sock"), "-instancedir", Path.Combine(folder, "instances"),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardError.ReadToEndAsync();
        try
        {
            var endpoint = new IPEndPoint(IPAddress.Loopback, port);
            Assert.That(await Eventually.HoldsAsync(() => PeerProcess.AnswersAsync(endpoint, "www.some.corp"), TimeSpan.FromSeconds(20)), Is.True,
                "the daemon did not answer");
            foreach (var name in new[] { "www.some.corp", "kubernetes.default.svc.cluster.local", "www.example.com", "host.corp.example", "www.some.corp" })
            {
                await PeerProcess.AnswersAsync(endpoint, name);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            return await http.GetStringAsync(new Uri($"http://127.0.0.1:{(port + 3).ToString(CultureInfo.InvariantCulture)}/metrics"));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            await TestContext.Out.WriteLineAsync(await output);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The operator process (as built) reconciling a NodeLocalDns against the in-process API server.</summary>
    private static async Task<string> ScrapeOperatorAsync()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm() + Corefiles.SomeCorp);
        await using var process = OperatorProcess.Start(Binaries.Operator, cluster);
        await cluster.CreateNodeLocalDnsAsync();
        Assert.That(await OperatorProcess.ReconciledAsync(cluster), Is.True, "the operator did not reconcile");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(process.MetricsUri);
    }

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>\w+)")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();

    [GeneratedRegex(@"forward \. (?<to>[^{\n]+)")]
    private static partial Regex ForwardTarget();
}
