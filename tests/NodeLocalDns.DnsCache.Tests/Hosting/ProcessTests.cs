using System.Diagnostics;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Hosting;

/// <summary>The real executable: `dnscache -conf FILE` serves; a bad Corefile stops it with a located error.</summary>
[CancelAfter(60_000)]
[Category(TestCategories.Processes)]
public sealed class ProcessTests
{
    private const string QueryName = "{{ .Name }}";

    private static string DaemonDll => Path.Combine(AppContext.BaseDirectory, "dnscache.dll");

    private static ProcessStartInfo Start(string corefile)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(DaemonDll);
        info.ArgumentList.Add("-conf");
        info.ArgumentList.Add(corefile);
        return info;
    }

    [Test]
    [Category(TestCategories.Peers)]
    public async Task Process_ValidCorefile_AnswersDigQueries()
    {
        var knot = await KnotFixture.SharedAsync();
        var port = FreePort.Next();
        var file = Path.Combine(Path.GetTempPath(), $"Corefile-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, $$"""
            example.test:{{port}} {
                bind 127.0.0.1
                errors
                cache 30
                forward . 127.0.0.1:{{knot.Port}}
            }
            """);
        using var process = Process.Start(Start(file))!;
        try
        {
            var endpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port);
            Assert.That(await NodeLocalDns.Testing.Eventually.HoldsAsync(
                () => PeerProcess.AnswersAsync(endpoint, "www.example.test"), TimeSpan.FromSeconds(20)), Is.True);
            Assert.That((await DigClient.QueryAsync(endpoint, "www.example.test")).AnswerSet, Has.Count.EqualTo(2));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            File.Delete(file);
        }
    }

    [Test]
    [Category(TestCategories.Peers)]
    public async Task Process_SecondDaemonOnTheSamePorts_ServesBesideTheFirstUntilItStops()
    {
        // A surge rollout: the new pod starts on the node while the old one still holds the ports.
        var port = FreePort.Next();
        var health = FreePort.Next();
        var file = Path.Combine(Path.GetTempPath(), $"Corefile-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, $$"""
            example.test:{{port}} {
                bind 127.0.0.1
                template IN A {
                    answer "{{QueryName}} 60 IN A 192.0.2.1"
                }
                health 127.0.0.1:{{health}}
            }
            """);
        var endpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port);
        using var old = Process.Start(Start(file))!;
        using var surge = Process.Start(Start(file))!;
        try
        {
            Assert.That(await NodeLocalDns.Testing.Eventually.HoldsAsync(
                () => PeerProcess.AnswersAsync(endpoint, "a.example.test"), TimeSpan.FromSeconds(20)), Is.True);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.That((old.HasExited, surge.HasExited), Is.EqualTo((false, false)), "both bound the same UDP, TCP and health ports");

            old.Kill();
            await old.WaitForExitAsync();
            for (var i = 0; i < 20; i++)
            {
                Assert.That((await DigClient.QueryAsync(endpoint, $"n{i}.example.test")).AnswerSet, Has.Count.EqualTo(1), "the surge daemon answers alone");
                Assert.That((await DigClient.QueryAsync(endpoint, $"t{i}.example.test", "A", "+tcp")).AnswerSet, Has.Count.EqualTo(1), "over TCP too");
            }
        }
        finally
        {
            foreach (var process in new[] { old, surge }.Where(p => !p.HasExited))
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            File.Delete(file);
        }
    }

    [Test]
    public async Task Process_BadCorefile_ExitsWithTheLocatedError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"Corefile-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, ".:53 {\n    forward . dns.google\n}\n");
        try
        {
            using var process = Process.Start(Start(file))!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.That(process.ExitCode, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain($"{Path.GetFileName(file)}:2:15: forward target 'dns.google' is a host name"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Process_Sigterm_StopsCleanlyWithExitCodeZero()
    {
        var port = FreePort.Next();
        var file = Path.Combine(Path.GetTempPath(), $"Corefile-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, $$"""
            example.test:{{port}} {
                bind 127.0.0.1
                template IN A {
                    answer "{{QueryName}} 60 IN A 192.0.2.1"
                }
            }
            """);
        using var process = Process.Start(Start(file))!;
        try
        {
            var endpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port);
            Assert.That(await NodeLocalDns.Testing.Eventually.HoldsAsync(
                () => PeerProcess.AnswersAsync(endpoint, "a.example.test"), TimeSpan.FromSeconds(20)), Is.True);
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
            Assert.That(process.ExitCode, Is.Zero);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            File.Delete(file);
        }
    }

    // Before, System.CommandLine read "-health-port" as "-h": the daemon printed its help and exited 0, so a
    // swapped-in image showed "Completed" instead of failing.
    [TestCase(new[] { "-health-port", "8080" }, "dnscache: -conf is required: the Corefile to serve (e.g. -conf /etc/Corefile)")]
    [TestCase(new[] { "-conf", "/etc/Corefile", "-bogus" }, "dnscache: flag provided but not defined: -bogus (run dnscache -help for the list)")]
    [TestCase(new[] { "-conf", "/etc/Corefile", "-syncinterval", "soon" },
        "dnscache: invalid value \"soon\" for flag -syncinterval: not a number of seconds or a duration such as 30s")]
    [TestCase(new[] { "-conf", "/etc/Corefile", "-setupiptables", "false" },
        "dnscache: unexpected argument 'false'; a boolean flag takes its value after '=': -setupiptables=false")]
    public async Task Process_BadFlags_OneLineAndExitCodeTwo(string[] args, string expected)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [DaemonDll, .. args], timeout: TimeSpan.FromSeconds(30));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Is.EqualTo(expected + "\n"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task Process_VersionAndHelp_ExitZero()
    {
        var version = await ProcessRunner.RunAsync("dotnet", [DaemonDll, "-version"], timeout: TimeSpan.FromSeconds(30));
        var help = await ProcessRunner.RunAsync("dotnet", [DaemonDll, "-h"], timeout: TimeSpan.FromSeconds(30));

        Assert.That((version.ExitCode, version.Stdout), Is.EqualTo((0, "dnscache 0.1.0\n")));
        Assert.That(help.ExitCode, Is.Zero);
        Assert.That(help.Stdout, Does.StartWith("Usage of dnscache:\n").And.Contain("  -health-port port\n"));
    }
}
