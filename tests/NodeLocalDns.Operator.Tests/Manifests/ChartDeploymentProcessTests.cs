using System.Diagnostics;
using System.Net;
using k8s.Models;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The operator binary started with the chart's rendered Deployment arguments: the real command line accepts them, the
/// probe paths the Deployment declares answer on its health port, metrics on its metrics port, and SIGTERM (no preStop
/// hook) ends the process within the rendered grace period.
/// </summary>
[Category(TestCategories.Processes)]
public sealed class ChartDeploymentProcessTests
{
    private const string ReleaseNamespace = "nodelocal-system";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    private static async Task<TestKubeApiServer> StartServerAsync()
    {
        var server = await TestKubeApiServer.StartAsync();
        server.PutObject(File.ReadAllText(TestData.Repo("charts", "nodelocal-operator", "crds", CrdGenerator.FileName)));
        server.PutObject($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ReleaseNamespace}}}\n");
        return server;
    }

    private static string? LeaseHolder(TestKubeApiServer server) =>
        server.GetObject("coordination.k8s.io/v1", "Lease", ReleaseNamespace, "nodelocal-operator")?["spec"]?["holderIdentity"]?.GetValue<string>();

    [Test]
    public async Task OperatorProcess_StartedWithTheRenderedArgs_ServesProbesAndMetricsAndStopsOnSigterm()
    {
        await using var server = await StartServerAsync();
        await using var operatorProcess = RenderedOperatorProcess.Start(server, ChartTests.Single<V1Deployment>());
        var container = operatorProcess.Container;

        var ready = await Eventually.HoldsAsync(
            async () => await operatorProcess.ProbeAsync(operatorProcess.HealthPort, container.ReadinessProbe.HttpGet.Path)
                == HttpStatusCode.OK,
            Soon,
            TimeSpan.FromMilliseconds(100));
        var leading = await Eventually.HoldsAsync(() => !string.IsNullOrEmpty(LeaseHolder(server)), Soon);
        var live = await operatorProcess.ProbeAsync(operatorProcess.HealthPort, container.LivenessProbe.HttpGet.Path);
        var metrics = await operatorProcess.ProbeAsync(operatorProcess.MetricsPort, "/metrics");
        var clock = Stopwatch.StartNew();
        var exited = await operatorProcess.TerminateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(ready, Is.True, $"{container.ReadinessProbe.HttpGet.Path} on the health port");
            Assert.That(leading, Is.True, "the replica took the Lease in the release namespace");
            Assert.That(live, Is.EqualTo(HttpStatusCode.OK), container.LivenessProbe.HttpGet.Path);
            Assert.That(metrics, Is.EqualTo(HttpStatusCode.OK), "/metrics on the metrics port");
            Assert.That(exited, Is.True, $"exited within terminationGracePeriodSeconds ({operatorProcess.Pod.TerminationGracePeriodSeconds} s)");
        });
        await TestContext.Out.WriteLineAsync(
            $"stopped {clock.ElapsedMilliseconds} ms after SIGTERM, exit code {(operatorProcess.HasExited ? operatorProcess.ExitCode : -1)}");
    }

    [Test]
    public async Task OperatorProcess_Sigterm_ReleasesTheLeaseAndExitsZero()
    {
        await using var server = await StartServerAsync();
        await using var operatorProcess = RenderedOperatorProcess.Start(server, ChartTests.Single<V1Deployment>());
        Assert.That(await Eventually.HoldsAsync(() => !string.IsNullOrEmpty(LeaseHolder(server)), Soon), Is.True, "leading");

        var exited = await operatorProcess.TerminateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exited, Is.True);
            Assert.That(LeaseHolder(server), Is.Empty, "the Lease was released, so a standby takes over at once");
            Assert.That(operatorProcess.HasExited ? operatorProcess.ExitCode : -1, Is.Zero, "a SIGTERM shutdown is a clean exit");
        });
    }
}
