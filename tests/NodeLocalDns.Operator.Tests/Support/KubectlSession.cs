using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>
/// The real kubectl against a test server: its own kubeconfig, HOME and discovery cache in a temporary folder (nothing
/// from the environment can point it elsewhere), 30 s per call; only the process it starts is ever killed.
/// </summary>
internal sealed class KubectlSession : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly string _kubeconfig;

    public KubectlSession(TestKubeApiServer server)
    {
        Folder = Path.Combine(Path.GetTempPath(), "nld-manifests-kubectl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        _kubeconfig = server.WriteKubeconfig(Path.Combine(Folder, "kubeconfig"));
    }

    /// <summary>Scratch folder for rendered manifests; removed on dispose.</summary>
    public string Folder { get; }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<ProcessRunner.Result> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(
            "kubectl",
            [$"--kubeconfig={_kubeconfig}", $"--cache-dir={Path.Combine(Folder, "cache")}", "--request-timeout=20s", .. arguments],
            timeout: Limit,
            environment: new Dictionary<string, string> { ["KUBECONFIG"] = _kubeconfig, ["HOME"] = Folder });

    /// <summary>Runs and fails the test on a non-zero exit; returns standard output.</summary>
    public async Task<string> RunOkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"kubectl {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Stderr}{result.Stdout}");
        }

        return result.Stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
    }
}
