using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Reload;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class ReloadTests
{
    private const string QueryName = "{{ .Name }}";

    [Test]
    public async Task Reload_ValidNewCorefile_IsServed()
    {
        var port = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync(Corefile(port, "192.0.2.1"));
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "x.example.test")).AnswerSet.Single(), Does.EndWith("192.0.2.1"));
        await File.WriteAllTextAsync(daemon.ConfigPath, Corefile(port, "192.0.2.2"));
        Assert.That(await daemon.Host.ReloadAsync(), Is.True);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "x.example.test")).AnswerSet.Single(), Does.EndWith("192.0.2.2"));
    }

    [Test]
    public async Task Reload_InvalidNewCorefile_KeepsServingTheLastGoodOneAndCountsTheFailure()
    {
        var port = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync(Corefile(port, "192.0.2.1"));
        await File.WriteAllTextAsync(daemon.ConfigPath, Corefile(port, "192.0.2.3").Replace("template", "tempate", StringComparison.Ordinal));
        Assert.That(await daemon.Host.ReloadAsync(), Is.False);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "x.example.test")).AnswerSet.Single(), Does.EndWith("192.0.2.1"));
        Assert.That(await daemon.MetricAsync("coredns_reload_failed_total"), Is.EqualTo(1));
    }

    [Test]
    public async Task ReloadDirective_FileChanged_IsPickedUpByThePollingLoop()
    {
        var port = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync(Corefile(port, "192.0.2.1"), watchConfig: true);
        await File.WriteAllTextAsync(daemon.ConfigPath, Corefile(port, "192.0.2.5"));
        Assert.That(
            await NodeLocalDns.Testing.Eventually.HoldsAsync(
                async () => (await DigClient.QueryAsync(daemon.Udp, "x.example.test")).AnswerSet.Single()
                    .EndsWith("192.0.2.5", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15)),
            Is.True);
    }

    [Test]
    public async Task Reload_NewPort_MovesTheListener()
    {
        var port = FreePort.Next();
        var other = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync(Corefile(port, "192.0.2.1"));
        await File.WriteAllTextAsync(daemon.ConfigPath, Corefile(other, "192.0.2.4"));
        Assert.That(await daemon.Host.ReloadAsync(), Is.True);
        Assert.That(daemon.Udp.Port, Is.EqualTo(other));
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "x.example.test")).AnswerSet.Single(), Does.EndWith("192.0.2.4"));
    }

    private static string Corefile(int port, string address) => $$"""
        example.test:{{port}} {
            bind 127.0.0.1
            reload 2s
            template IN A {
                answer "{{QueryName}} 60 IN A {{address}}"
            }
            prometheus 127.0.0.1:0
        }
        """;
}
