using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s.Models;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>
/// The operator binary started as the chart's Deployment starts it: the rendered container arguments and environment,
/// with the listen addresses (":8081", every interface) moved to free loopback ports and a kubeconfig for the test
/// server added. Only this process is ever signalled or killed.
/// </summary>
internal sealed class RenderedOperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;
    private readonly DirectoryInfo _folder;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private RenderedOperatorProcess(Process process, DirectoryInfo folder, V1PodSpec pod, int healthPort, int metricsPort)
    {
        _process = process;
        _folder = folder;
        Pod = pod;
        HealthPort = healthPort;
        MetricsPort = metricsPort;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The rendered pod spec the process was started from.</summary>
    public V1PodSpec Pod { get; }

    public V1Container Container => Pod.Containers.Single();

    public int HealthPort { get; }

    public int MetricsPort { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static RenderedOperatorProcess Start(TestKubeApiServer server, V1Deployment deployment)
    {
        var folder = Directory.CreateTempSubdirectory("nld-manifests-operator-");
        var kubeconfig = server.WriteKubeconfig(Path.Combine(folder.FullName, "kubeconfig"));
        var pod = deployment.Spec.Template.Spec;
        var container = pod.Containers.Single();
        var healthPort = FreeLoopbackPort();
        var metricsPort = FreeLoopbackPort();
        var start = new ProcessStartInfo(Binaries.Operator)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Loopback(container, healthPort, metricsPort).Append("--kubeconfig").Append(kubeconfig))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("KUBECONFIG");
        foreach (var variable in container.Env ?? [])
        {
            start.Environment[variable.Name] = variable.Value;
        }

        return new RenderedOperatorProcess(Process.Start(start)!, folder, pod, healthPort, metricsPort);
    }

    /// <summary>The HTTP status of a GET, or null when nothing answers.</summary>
    public async Task<HttpStatusCode?> ProbeAsync(int port, string path)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends SIGTERM, as the kubelet does, and waits up to the rendered terminationGracePeriodSeconds for the exit.</summary>
    public async Task<bool> TerminateAsync()
    {
        var kill = await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(5));
        Assert.That(kill.ExitCode, Is.Zero, kill.Stderr);
        var grace = TimeSpan.FromSeconds(Pod.TerminationGracePeriodSeconds ?? 30);
        return await Eventually.HoldsAsync(() => Task.FromResult(_process.HasExited), grace, TimeSpan.FromMilliseconds(50));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await TestContext.Out.WriteLineAsync(await _output + await _errors);
        _process.Dispose();
        _http.Dispose();
        _folder.Delete(recursive: true);
    }

    private static List<string> Loopback(V1Container container, int healthPort, int metricsPort)
    {
        var result = container.Args.ToList();
        foreach (var (flag, portName, port) in new[] { ("--health-address", "health", healthPort), ("--metrics-address", "metrics", metricsPort) })
        {
            var index = result.IndexOf(flag);
            Assert.That(index, Is.GreaterThanOrEqualTo(0), $"the Deployment passes {flag}");
            Assert.That(result[index + 1], Is.EqualTo($":{container.Ports.Single(p => p.Name == portName).ContainerPort}"),
                $"{flag} listens on the container port named {portName}");
            result[index + 1] = $"127.0.0.1:{port}";
        }

        return result;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
