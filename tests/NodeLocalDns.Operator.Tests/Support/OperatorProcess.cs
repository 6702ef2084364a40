using System.Diagnostics;
using System.Globalization;
using k8s;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>
/// An operator executable run as <c>nodelocal-operator run</c> against a test cluster, with its metrics and health
/// listeners on free loopback ports; disposing kills only this process and removes its kubeconfig.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _kubeconfig;

    private OperatorProcess(Process process, string kubeconfig, int metricsPort)
    {
        _process = process;
        _kubeconfig = kubeconfig;
        MetricsPort = metricsPort;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public int MetricsPort { get; }

    public static OperatorProcess Start(string executable, OperatorTestCluster cluster)
    {
        var kubeconfig = cluster.Server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"nld-operator-{Guid.NewGuid():N}.kubeconfig"));
        var metricsPort = FreePort.Next();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "run", "--kubeconfig", kubeconfig,
                     "--metrics-address", $"127.0.0.1:{metricsPort}", "--health-address", $"127.0.0.1:{FreePort.Next()}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        return new OperatorProcess(Process.Start(start)!, kubeconfig, metricsPort);
    }

    /// <summary>Whether the operator wrote the node-cache ConfigMap for the cluster's NodeLocalDns within 30 s.</summary>
    public static Task<bool> ReconciledAsync(OperatorTestCluster cluster) =>
        Eventually.HoldsAsync(
            async () => (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(
                "kube-system", fieldSelector: "metadata.name=node-local-dns")).Items.Count == 1,
            TimeSpan.FromSeconds(30));

    public Uri MetricsUri => new($"http://127.0.0.1:{MetricsPort.ToString(CultureInfo.InvariantCulture)}/metrics");

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(_kubeconfig);
    }
}
