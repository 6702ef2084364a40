using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Hosting;

/// <summary>`import` of files with a wildcard (AKS/k3s/Gardener import custom/*.server), and reload on a change in an imported file.</summary>
[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class ImportTests
{
    private const string QueryName = "{{ .Name }}";

    [Test]
    public async Task Import_GlobbedServerBlocks_AreServedAndReloadedWhenTheyChange()
    {
        var port = FreePort.Next();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            import custom/*.server
            example.test:{{port}} {
                bind 127.0.0.1
                template IN A {
                    answer "{{QueryName}} 60 IN A 192.0.2.1"
                }
            }
            """);
        Directory.CreateDirectory(Path.Combine(daemon.Directory, "custom"));
        await File.WriteAllTextAsync(Path.Combine(daemon.Directory, "custom", "corp.server"), Block(port, "192.0.2.7"));
        await File.WriteAllTextAsync(daemon.ConfigPath, await File.ReadAllTextAsync(daemon.ConfigPath) + "\n");
        Assert.That(await daemon.Host.ReloadAsync(), Is.True);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "x.corp.test")).AnswerSet.Single(), Does.EndWith("192.0.2.7"));

        await File.WriteAllTextAsync(Path.Combine(daemon.Directory, "custom", "corp.server"), Block(port, "192.0.2.8"));
        Assert.That(await daemon.Host.ReloadAsync(), Is.True);
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "x.corp.test")).AnswerSet.Single(), Does.EndWith("192.0.2.8"),
            "a change in an imported file alone is a change");
        Assert.That((await DigClient.QueryAsync(daemon.Udp, "x.example.test")).AnswerSet.Single(), Does.EndWith("192.0.2.1"));
    }

    private static string Block(int port, string address) => $$"""
        corp.test:{{port}} {
            bind 127.0.0.1
            template IN A {
                answer "{{QueryName}} 60 IN A {{address}}"
            }
        }
        """;
}
