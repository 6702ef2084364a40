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
            Assert.That(await NodeLocalDns.Testing.Eventually.HoldsAsync(() => PeerProcess.AnswersAsync(endpoint, "www.example.test"), TimeSpan.FromSeconds(20)), Is.True);
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
            Assert.That(await NodeLocalDns.Testing.Eventually.HoldsAsync(() => PeerProcess.AnswersAsync(endpoint, "a.example.test"), TimeSpan.FromSeconds(20)), Is.True);
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
            Assert.That(await NodeLocalDns.Testing.Eventually.HoldsAsync(() => PeerProcess.AnswersAsync(endpoint, "a.example.test"), TimeSpan.FromSeconds(20)), Is.True);
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
}
