using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Server;

/// <summary>Which server block a name goes to, compared label by label as CoreDNS does (its names are escaped presentation text).</summary>
[CancelAfter(60_000)]
public sealed class RoutingTests
{
    // A label may hold any octet, a dot too (RFC 1035 §3.1, RFC 4343 §2.1): "zz.example" + "com" has two
    // labels and lies in com., not in example.com. CoreDNS sees zz\.example.com. and routes it to com.
    // (here the root block, as no com. block exists).
    [Test]
    public async Task LabelHoldingADot_IsRoutedByItsLabels()
    {
        await using var daemon = await DaemonUnderTest.StartAsync("""
            example.com:0 {
                template IN A {
                    answer "{{ .Name }} 60 IN A 192.0.2.1"
                }
            }
            .:0 {
                template IN A {
                    answer "{{ .Name }} 60 IN A 192.0.2.2"
                }
            }
            """);
        byte[] name = [10, .. "zz.example"u8, 3, .. "com"u8, 0];
        byte[] query = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, .. name, 0, 1, 0, 1];
        var answer = await RawDns.UdpAsync(daemon.Udp, query);
        Assert.That(answer, Is.Not.Null);
        Assert.That(answer![^4..], Is.EqualTo(new byte[] { 192, 0, 2, 2 }), "answered by the root block");

        var plain = await RawDns.UdpAsync(daemon.Udp, RawDns.Query("zz.example.com"));
        Assert.That(plain![^4..], Is.EqualTo(new byte[] { 192, 0, 2, 1 }), "three labels: example.com.'s");
    }
}
