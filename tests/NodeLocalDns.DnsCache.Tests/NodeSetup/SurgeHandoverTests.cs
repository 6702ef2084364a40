using System.Text.RegularExpressions;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.DnsCache.Tests.NodeSetup;

/// <summary>
/// A surge rollout on one node, for real: while a pod sends a steady stream of queries to the local IP,
/// the new instance starts beside the old one, the old one gets SIGTERM and leaves after its lame-duck
/// period. Not one query may be lost, the interface and rules must outlive the old instance (the new one
/// still serves), and they must go with the last one.
/// </summary>
[Category(TestCategories.NetworkNamespaces)]
[Category(TestCategories.Processes)]
[Category(TestCategories.Peers)]
[CancelAfter(120_000)]
public sealed partial class SurgeHandoverTests
{
    private const string Name = "kubernetes.default.svc.cluster.local";

    private const string Corefile = $$"""
        .:53 {
            bind {{NodeLab.LocalDns}} {{NodeLab.KubeDns}}
            health :8080 {
                lameduck 2s
            }
            template IN A {{Name}} {
                answer "{{Name}}. 5 IN A 10.99.99.2"
            }
        }
        """;

    [Test]
    public async Task OldInstanceLeavesUnderLoad_NoQueryLost_RulesStayUntilTheLastOneGoes()
    {
        await using var lab = await NodeLab.CreateAsync("iptables-nft");
        var instances = Directory.CreateTempSubdirectory("dnscache-instances-").FullName;
        var queries = Path.Combine(instances, "queries");
        await File.WriteAllTextAsync(queries, $"{Name} A\n");
        string[] flags = ["-localip", $"{NodeLab.LocalDns},{NodeLab.KubeDns}", "-syncinterval", "1"];
        try
        {
            await using var old = await NodeDaemon.StartAsync(lab.Node, Corefile, instances, flags);
            var load = lab.Pod.RunAsync("dnsperf", "-s", NodeLab.LocalDns, "-d", queries, "-l", "8", "-Q", "10000", "-t", "2", "-c", "4");
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            await using var next = await NodeDaemon.StartAsync(lab.Node, Corefile, instances, flags);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.That(await old.StopAsync(), Is.Zero, old.Process.Output);
            Assert.That(old.Process.Output, Does.Contain("1 other dnscache instance(s) on this node still serve"));
            Assert.That(await NodeDaemon.RulesAsync(lab.Node, "iptables-nft-save"), Has.Length.EqualTo(24), "the survivor keeps the rules");
            Assert.That(await NodeDaemon.HasInterfaceAsync(lab.Node, "nodelocaldns"), Is.True);

            var result = await load;
            var lost = LostQueries().Match(result.Stdout);
            Assert.That(lost.Success, Is.True, result.Stdout + result.Stderr);
            Assert.That(int.Parse(lost.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.Zero, result.Stdout);
            Assert.That(CompletedQueries().Match(result.Stdout).Groups[1].Value, Is.Not.EqualTo("0"));

            // The survivor's health port was held by the old instance; it binds once the old one is gone.
            Assert.That(
                await NodeDaemon.EventuallyAsync(
                    () => Task.FromResult(next.Process.Output.Contains(":8080 serving /health", StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(5)),
                Is.True,
                next.Process.Output);
            Assert.That(await NodeDaemon.DigAsync(lab.Pod, NodeLab.KubeDns, Name), Is.EqualTo(new[] { "10.99.99.2" }));

            Assert.That(await next.StopAsync(), Is.Zero, next.Process.Output);
            Assert.That(await NodeDaemon.RulesAsync(lab.Node, "iptables-nft-save"), Is.Empty, "the last one out tears down");
            Assert.That(await NodeDaemon.HasInterfaceAsync(lab.Node, "nodelocaldns"), Is.False);
        }
        finally
        {
            Directory.Delete(instances, recursive: true);
        }
    }

    [GeneratedRegex(@"Queries lost:\s+(\d+)")]
    private static partial Regex LostQueries();

    [GeneratedRegex(@"Queries completed:\s+(\d+)")]
    private static partial Regex CompletedQueries();
}
