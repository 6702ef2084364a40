using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// `make run` on a machine with no cluster: the command its recipe runs (taken from `make -n run`, so the test
/// follows the Makefile) shows the operator reconciling a NodeLocalDns in an embedded cluster, kubectl's view of
/// it, and the daemon answering the stub domains, cluster names and other names on loopback; Ctrl+C stops
/// everything it started.
/// </summary>
[Category(TestCategories.Processes)]
[Category(TestCategories.Kubectl)]
[Category(TestCategories.Peers)]
[CancelAfter(180_000)]
public sealed class MakeRunTests
{
    [Test]
    public async Task MakeRun_WithoutACluster_ShowsTheOperatorAtWork_UntilCtrlC()
    {
        var dryRun = await ProcessRunner.RunAsync("make", ["-s", "-n", "-C", TestData.RepositoryRoot, "run"], timeout: TimeSpan.FromSeconds(30));
        var command = dryRun.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.That(command, Does.Contain("NodeLocalDns.LocalCluster.dll"));

        var home = Directory.CreateTempSubdirectory("make-run-home-").FullName;
        var info = new ProcessStartInfo("bash", ["-c", $"exec {command}"])
        {
            WorkingDirectory = TestData.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["HOME"] = home;
        info.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stderr = process.StandardError.ReadToEndAsync();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
        {
            output.AppendLine(line);
            if (line.Contains("Stop with Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        var text = output.ToString();
        try
        {
            Assert.That(text, Does.Contain("== mode: local"), text);
            Assert.That(text, Does.Match(@"default\s+True\s+False\s+False\s+2\s+[1-9][0-9]*\s+1/1"),
                "kubectl get nld: available, not progressing, not degraded, two stub domains, every zone's route, one node");
            Assert.That(text, Does.Contain("Type:                  ConfigValid"));
            Assert.That(text, Does.Contain("$ dig @127.0.0.10 -p 1053 +short www.some.corp").And.Contain("\n10.1.2.100\n"));
            Assert.That(text, Does.Contain("\n192.168.50.10\n"), "coredns-custom's stub domain");
            Assert.That(text, Does.Contain("\n10.96.0.1\n"), "a cluster name through CoreDNS");
            Assert.That(text, Does.Contain("\n93.184.215.14\n"), "another name through CoreDNS");
        }
        finally
        {
            // What Ctrl+C does in a terminal; SIGTERM rather than SIGINT because a process started in the
            // background of a non-interactive shell (as test runners are) inherits SIGINT ignored.
            await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);
            Directory.Delete(home, recursive: true);
        }

        var rest = await process.StandardOutput.ReadToEndAsync();
        Assert.That(rest, Does.Contain("== stopping"), await stderr);
        Assert.That(process.ExitCode, Is.Zero);
        foreach (var pid in System.Text.RegularExpressions.Regex.Matches(text, @"\(pid (\d+)\)")
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
        {
            Assert.That(Directory.Exists($"/proc/{pid}"), Is.False, $"process {pid} it started is gone");
        }
    }
}
