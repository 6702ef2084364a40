using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Log;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class QueryLogTests
{
    [Test]
    public async Task Log_Query_WritesCoreDnsCommonFormat()
    {
        var knot = await KnotFixture.SharedAsync();
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                log
                forward . 127.0.0.1:{{knot.Port}}
            }
            """, loggerFactory: logs);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test", "AAAA");
        Assert.That(
            await Eventually.HoldsAsync(
                () => logs.Lines.Any(l => l.Contains("\"AAAA IN www.example.test. udp", StringComparison.Ordinal)
                    && l.Contains("NOERROR qr,rd,ra", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(5)),
            Is.True,
            string.Join("\n", logs.Lines));
    }

    [Test]
    public async Task Log_ClassDenial_SkipsSuccessfulAnswers()
    {
        var knot = await KnotFixture.SharedAsync();
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                log {
                    class denial
                }
                forward . 127.0.0.1:{{knot.Port}}
            }
            """, loggerFactory: logs);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test");
        await DigClient.QueryAsync(daemon.Udp, "nothing-here.example.test");
        Assert.That(await Eventually.HoldsAsync(
            () => logs.Lines.Any(l => l.Contains("nothing-here", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(logs.Lines.Any(l => l.Contains("www.example.test", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Log_CustomFormat_ReplacesPlaceholders()
    {
        var knot = await KnotFixture.SharedAsync();
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                log . "{proto} {type} {name} {rcode} {remote}"
                forward . 127.0.0.1:{{knot.Port}}
            }
            """, loggerFactory: logs);
        await DigClient.QueryAsync(daemon.Udp, "www.example.test", "MX");
        Assert.That(
            await Eventually.HoldsAsync(
                () => logs.Lines.Any(l => l.EndsWith("udp MX www.example.test. NOERROR 127.0.0.1", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(5)),
            Is.True,
            string.Join("\n", logs.Lines));
    }

    // CoreDNS's log plugin (plugin/pkg/replacer): the name as the client spelt it, escaped as miekg/dns prints
    // names (\" and \; so a name cannot end the quoted field), the class by name (CH), the DO bit as Go's
    // true/false, bufsize 512 without EDNS and 65535 over TCP, flags as qr,aa,tc,rd,ra,z,ad,cd, the duration
    // as Go's shortest float and "s". Parsers of CoreDNS's logs must read ours unchanged.
    [Test]
    public async Task Log_DefaultFormat_IsCoreDnsByteForByte()
    {
        var logs = new ListLoggerProvider();
        await using var daemon = await DaemonUnderTest.StartAsync("""
            .:0 {
                log
                template CH TXT {
                    rcode NXDOMAIN
                }
                template IN A {
                    rcode NXDOMAIN
                }
            }
            """, loggerFactory: logs);
        var port = daemon.Udp.Port;

        // UDP, class CH, a label holding a quote and a semicolon, mixed case, no EDNS.
        byte[] name = [5, (byte)'a', (byte)'"', (byte)'b', (byte)';', (byte)'c', 7, .. "Example"u8, 4, .. "TEST"u8, 0];
        byte[] chaos = [0x10, 0x92, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, .. name, 0, 16, 0, 3];
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await udp.SendToAsync(chaos, SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port));
        var buffer = new byte[512];
        var received = await udp.ReceiveAsync(buffer, SocketFlags.None);
        var udpPort = ((IPEndPoint)udp.LocalEndPoint!).Port;
        var udpLine = $"127.0.0.1:{udpPort} - 4242 \"TXT CH a\\\"b\\;c.Example.TEST. udp {chaos.Length} false 512\" NXDOMAIN qr,rd,ra {received} ";

        // TCP, EDNS 4096 with DO, CD set.
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var query = RawDns.Query("WWW.x.test", id: 7, ednsSize: 4096, dnssecOk: true, cd: true);
        await RawDns.SendFramedAsync(tcp, query);
        var tcpAnswer = await RawDns.ReceiveFramedAsync(tcp);
        var tcpLine = $"127.0.0.1:{((IPEndPoint)tcp.LocalEndPoint!).Port} - 7 " +
                      $"\"A IN WWW.x.test. tcp {query.Length} true 65535\" NXDOMAIN qr,rd,ra,cd {tcpAnswer.Length} ";

        foreach (var expected in new[] { udpLine, tcpLine })
        {
            var pattern = new Regex("^Information: " + Regex.Escape(expected) + @"(0|[1-9][0-9]*)(\.[0-9]*[1-9])?s$");
            Assert.That(
                await Eventually.HoldsAsync(() => logs.Lines.Any(pattern.IsMatch), TimeSpan.FromSeconds(5)),
                Is.True,
                $"expected {expected}<duration>s in:\n{string.Join("\n", logs.Lines)}");
        }
    }
}
