using System.Diagnostics;
using k8s;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.Operator.Tests.Hosting;

/// <summary><c>nodelocal-operator run --kubeconfig</c> as a real process: it reconciles, and serves its probes and metrics.</summary>
[Category(TestCategories.Processes)]
public sealed class OperatorProcessTests
{
    private static readonly string Operator = Binaries.Operator;

    [Test]
    public async Task Run_AsAProcessWithKubeconfig_ReconcilesAndServesProbesAndMetrics()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm() + Corefiles.SomeCorp);
        var kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"operator-{Guid.NewGuid():N}.kubeconfig"));
        var health = FreePort.Next();
        var metrics = FreePort.Next();
        var info = new ProcessStartInfo(Operator) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "run", "--kubeconfig", kubeconfig, "--health-address", $"127.0.0.1:{health}", "--metrics-address", $"127.0.0.1:{metrics}",
                     "--leader-elect", "--lease-duration-seconds", "3",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await cluster.CreateNodeLocalDnsAsync();
            var reconciled = await Eventually.HoldsAsync(async () =>
                (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("kube-system", fieldSelector: "metadata.name=node-local-dns"))
                    .Items.Count == 1,
                TimeSpan.FromSeconds(30));
            Assert.That(reconciled, Is.True, string.Join('\n', output));

            var ready = await Eventually.HoldsAsync(async () => (await Get(http, $"http://127.0.0.1:{health}/readyz")).Code == 200, TimeSpan.FromSeconds(10));
            var reported = await Eventually.HoldsAsync(async () => (await cluster.GetNodeLocalDnsAsync()).Status is not null, TimeSpan.FromSeconds(10));
            var healthz = await Get(http, $"http://127.0.0.1:{health}/healthz");
            var scrape = await Get(http, $"http://127.0.0.1:{metrics}/metrics");
            var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("nodelocal-operator", "kube-system");
            Assert.Multiple(() =>
            {
                Assert.That(ready, Is.True);
                Assert.That(reported, Is.True, "the status is written");
                Assert.That(healthz.Code, Is.EqualTo(200));
                Assert.That(scrape.Body, Does.Contain("nodelocaldns_operator_reconcile_total").Or.Contain("reconcile"));
                Assert.That(lease.Spec.HolderIdentity, Is.Not.Null.And.Not.Empty);
                Assert.That(process.HasExited, Is.False);
            });
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            File.Delete(kubeconfig);
        }

        // The condition the kubectl user reads, written by the process.
        var status = (await cluster.GetNodeLocalDnsAsync()).Status;
        Assert.That(status?.Conditions.Select(c => c.Type),
            Is.SupersetOf(new[] { ConditionTypes.Available, ConditionTypes.Progressing, ConditionTypes.Degraded, ConditionTypes.ConfigValid }));
    }

    [Test]
    public async Task Run_LogFormatJson_WritesOneJsonObjectPerLine()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Corefiles.Kubeadm());
        var kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"operator-{Guid.NewGuid():N}.kubeconfig"));
        var info = new ProcessStartInfo(Operator) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "run", "--kubeconfig", kubeconfig,
                     "--health-address", "127.0.0.1:0", "--metrics-address", "127.0.0.1:0", "--log-format", "json",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => lines.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        try
        {
            Assert.That(await Eventually.HoldsAsync(
                    () => lines.Any(l => l.Contains("caches synced", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)),
                Is.True, string.Join('\n', lines));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            File.Delete(kubeconfig);
        }

        var entries = lines.Where(l => l.Length > 0).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(entries, Is.Not.Empty);
            Assert.That(entries.Select(e => e.GetProperty("LogLevel").GetString()), Has.All.Not.Null);
            Assert.That(entries.Select(e => e.GetProperty("Timestamp").GetString()), Has.All.EndsWith("Z"));
            Assert.That(entries.Any(e => e.GetProperty("Category").GetString() == "NodeLocalDns.Controllers.Controller"), Is.True);
        });
    }

    private static async Task<(int Code, string Body)> Get(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return (0, string.Empty);
        }
    }
}
