using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Server;

/// <summary>The daemon in front of a real knotd, queried over UDP and TCP.</summary>
[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class ServingTests
{
    private KnotAuthoritativeServer _knot = null!;
    private DaemonUnderTest _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _knot = await KnotFixture.SharedAsync();
        _daemon = await DaemonUnderTest.StartAsync($$"""
            example.test:0 {
                errors
                cache 30
                forward . 127.0.0.1:{{_knot.Port}}
                prometheus 127.0.0.1:0
            }
            """);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [Test]
    public async Task Udp_NameInZone_AnswersFromUpstream()
    {
        var answer = await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("www.example.test", id: 777));
        Assert.That(answer, Is.Not.Null);
        var message = RawDns.Parse(answer!);
        Assert.Multiple(() =>
        {
            Assert.That(message.TransactionID, Is.EqualTo(777));
            Assert.That(message.ReturnCode, Is.EqualTo(ReturnCode.NoError));
            Assert.That(message.IsRecursionAllowed, Is.True);
            Assert.That(message.IsAuthoritiveAnswer, Is.False);
            Assert.That(message.AnswerRecords.OfType<ARecord>().Select(a => a.Address.ToString()).Order(), Is.EqualTo(new[] { "192.0.2.10", "192.0.2.11" }));
            Assert.That(message.IsEDnsEnabled, Is.False, "no OPT in the answer when the query had none");
        });
    }

    [Test]
    public async Task Tcp_NameInZone_AnswersFromUpstream()
    {
        var message = RawDns.Parse(await RawDns.TcpAsync(_daemon.Tcp, RawDns.Query("mail.example.test", id: 4)));
        Assert.That(message.AnswerRecords.OfType<ARecord>().Single().Address.ToString(), Is.EqualTo("192.0.2.25"));
    }

    [Test]
    public async Task Udp_NameOutsideEveryZone_IsRefused()
    {
        var answer = await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("www.example.org"));
        Assert.That(RawDns.Rcode(answer!), Is.EqualTo(5));
    }

    [Test]
    public async Task Udp_MixedCaseQuestion_IsEchoedExactly()
    {
        // Prime the cache with lower case, then ask in 0x20 mixed case: the cached answer must carry the client's spelling.
        await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("txt.example.test", type: 16));
        var answer = await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("tXt.ExAmPlE.tEsT", type: 16));
        Assert.That(RawDns.QuestionName(answer!), Is.EqualTo("tXt.ExAmPlE.tEsT."));
        Assert.That(RawDns.Parse(answer!).AnswerRecords.OfType<TxtRecord>().Single().TextData, Is.EqualTo("hello world"));
    }

    [Test]
    public async Task Udp_NxDomain_IsAnsweredWithSoa()
    {
        var message = RawDns.Parse((await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("nope.example.test")))!);
        Assert.That(message.ReturnCode, Is.EqualTo(ReturnCode.NxDomain));
        Assert.That(message.AuthorityRecords.OfType<SoaRecord>(), Is.Not.Empty);
    }

    [Test]
    public async Task Udp_CnameChain_IsAnsweredWhole()
    {
        var result = await DigClient.QueryAsync(_daemon.Udp, "alias.example.test", "A");
        Assert.That(result.AnswerSet, Is.EqualTo(new[]
        {
            "alias.example.test. IN CNAME alias2.example.test.",
            "alias2.example.test. IN CNAME www.example.test.",
            "www.example.test. IN A 192.0.2.10",
            "www.example.test. IN A 192.0.2.11",
        }));
    }

    [Test]
    public async Task Udp_EdnsQuery_GetsOptWithDoBitEchoed()
    {
        var message = RawDns.Parse((await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("www.example.test", ednsSize: 1232, dnssecOk: true)))!);
        Assert.That(message.IsEDnsEnabled, Is.True);
        Assert.That(message.IsDnsSecOk, Is.True);
    }

    [Test]
    public async Task Udp_BigAnswerWithoutEdns_IsTruncatedAndComplete_OverTcp()
    {
        var udp = await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("big.example.test", type: 16));
        Assert.That(udp!.Length, Is.LessThanOrEqualTo(512));
        Assert.That(RawDns.Truncated(udp), Is.True);
        Assert.That(RawDns.Parse(udp).AnswerRecords, Is.Empty, "RFC 2181 §9: no partial RRset");

        var tcp = RawDns.Parse(await RawDns.TcpAsync(_daemon.Tcp, RawDns.Query("big.example.test", type: 16)));
        Assert.That(tcp.AnswerRecords, Has.Count.EqualTo(40), "the upstream's UDP answer was truncated: the daemon must have retried over TCP");
    }

    [TestCase(4096, false)]
    [TestCase(1232, true)]
    [TestCase(512, true)]
    public async Task Udp_MidSizeAnswer_FitsOnlyAClientBufferLargeEnough(int bufferSize, bool truncated)
    {
        var answer = await RawDns.UdpAsync(_daemon.Udp, RawDns.Query("mid.example.test", type: 16, ednsSize: bufferSize));
        Assert.That(answer!.Length, Is.LessThanOrEqualTo(bufferSize));
        Assert.That(RawDns.Truncated(answer), Is.EqualTo(truncated));
        Assert.That(RawDns.Parse(answer).AnswerRecords, Has.Count.EqualTo(truncated ? 0 : 8));
    }

    [Test]
    public async Task Tcp_PipelinedQueries_AllAnsweredOnOneConnection()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_daemon.Tcp);
        var names = new[] { "www", "mail", "txt", "nope", "alias" };
        for (ushort i = 0; i < names.Length; i++)
        {
            await RawDns.SendFramedAsync(socket, RawDns.Query($"{names[i]}.example.test", id: (ushort)(100 + i)));
        }

        var ids = new List<ushort>();
        for (var i = 0; i < names.Length; i++)
        {
            ids.Add(RawDns.Id(await RawDns.ReceiveFramedAsync(socket)));
        }

        Assert.That(ids.Order(), Is.EqualTo(new ushort[] { 100, 101, 102, 103, 104 }));
    }

    [Test]
    public async Task Dig_ThroughDaemon_SeesRecursionAvailable()
    {
        var result = await DigClient.QueryAsync(_daemon.Udp, "www.example.test", "AAAA");
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo("NOERROR"));
            Assert.That(result.Flags, Does.Contain("ra"));
            Assert.That(result.AnswerSet, Is.EqualTo(new[] { "www.example.test. IN AAAA 2001:db8::10" }));
        });
    }
}
