using System.Diagnostics;

namespace NodeLocalDns.KubeApiServer.Tests.Support;

/// <summary>
/// Runs the real kubectl against a test server: its own kubeconfig and discovery cache in a temporary directory,
/// a hard time limit per call, and only the process it started is ever killed.
/// </summary>
internal sealed class Kubectl : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly string _kubeconfig;
    private readonly string _cacheDirectory;

    public Kubectl(TestKubeApiServer server)
    {
        Directory = Path.Combine(Path.GetTempPath(), "kubectl-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        _kubeconfig = server.WriteKubeconfig(Path.Combine(Directory, "kubeconfig"));
        _cacheDirectory = Path.Combine(Directory, "cache");
    }

    /// <summary>A scratch directory for manifests, removed on dispose.</summary>
    public string Directory { get; }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<KubectlResult> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig=" + _kubeconfig);
        start.ArgumentList.Add("--cache-dir=" + _cacheDirectory);
        start.ArgumentList.Add("--request-timeout=20s");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the environment may point kubectl elsewhere.
        start.Environment.Remove("KUBECONFIG");
        start.Environment["HOME"] = Directory;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish within {Limit.TotalSeconds} s");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and asserts success, returning standard output.</summary>
    public async Task<string> RunOkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"kubectl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        }

        return result.Stdout;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}
