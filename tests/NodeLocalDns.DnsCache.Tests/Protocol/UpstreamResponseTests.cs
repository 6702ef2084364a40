using NodeLocalDns.DnsCache.Protocol;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Protocol;

public sealed class UpstreamResponseTests
{
    private static readonly byte[] Name = Wire.Name("www.example.test");

    private static UpstreamResponse? Create(byte[] packet, ushort id = 7) => UpstreamResponse.TryCreate(packet, id, Name, 1, 1);

    [Test]
    public void TryCreate_PositiveAnswer_IsSuccessWithMinimumTtlAndOffsets()
    {
        var packet = new Wire(7, 0x81, 0x80).Question("www.example.test").A("@", 300, 192, 0, 2, 1).A("@", 60, 192, 0, 2, 2).Opt().Build();
        var response = Create(packet)!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Kind, Is.EqualTo(ResponseKind.Success));
            Assert.That(response.Ttl, Is.EqualTo(60));
            Assert.That(response.TtlOffsets, Has.Length.EqualTo(2));
            Assert.That(response.Body.Length, Is.EqualTo(packet.Length - 11), "the OPT is removed");
            Assert.That(response.Body[..2], Is.EqualTo(new byte[] { 0, 0 }), "the ID is zeroed");
            Assert.That(response.Body[11], Is.EqualTo(0), "ARCOUNT no longer counts the OPT");
        });
    }

    [TestCase(3600u, 300u, 300u)]
    [TestCase(60u, 300u, 60u)]
    public void TryCreate_NxDomain_TtlIsMinOfSoaTtlAndMinimum(uint soaTtl, uint minimum, uint expected)
    {
        // RFC 2308 §5: the negative TTL is the smaller of the SOA record's TTL and its MINIMUM field.
        var packet = new Wire(7, 0x81, 0x83).Question("www.example.test").Soa(soaTtl, minimum).Build();
        var response = Create(packet)!;
        Assert.That((response.Kind, response.Ttl), Is.EqualTo((ResponseKind.Denial, expected)));
    }

    [Test]
    public void TryCreate_NoDataWithSoa_IsDenial()
    {
        var packet = new Wire(7, 0x81, 0x80).Question("www.example.test").Soa(3600, 120).Build();
        Assert.That(Create(packet)!.Kind, Is.EqualTo(ResponseKind.Denial));
    }

    [Test]
    public void TryCreate_NxDomainWithoutSoa_IsNotCached()
    {
        // RFC 2308 §5: negative answers without an SOA SHOULD NOT be cached.
        var packet = new Wire(7, 0x81, 0x83).Question("www.example.test").Build();
        Assert.That(Create(packet)!.Kind, Is.EqualTo(ResponseKind.Uncacheable));
    }

    [Test]
    public void TryCreate_ServFail_IsServFail()
    {
        var packet = new Wire(7, 0x81, 0x82).Question("www.example.test").Build();
        Assert.That(Create(packet)!.Kind, Is.EqualTo(ResponseKind.ServFail));
    }

    [Test]
    public void TryCreate_Truncated_IsMarkedAndNotCached()
    {
        var packet = new Wire(7, 0x83, 0x80).Question("www.example.test").Build();
        var response = Create(packet)!;
        Assert.That((response.Truncated, response.Kind), Is.EqualTo((true, ResponseKind.Uncacheable)));
    }

    [Test]
    public void TryCreate_WrongId_IsDiscarded() =>
        Assert.That(Create(new Wire(8, 0x81, 0x80).Question("www.example.test").A("@", 300, 1, 2, 3, 4).Build()), Is.Null);

    [Test]
    public void TryCreate_OtherQuestion_IsDiscarded() =>
        Assert.That(Create(new Wire(7, 0x81, 0x80).Question("evil.example.test").A("@", 300, 1, 2, 3, 4).Build()), Is.Null);

    [Test]
    public void TryCreate_QuestionInOtherCase_IsAccepted() =>
        Assert.That(Create(new Wire(7, 0x81, 0x80).Question("WWW.example.TEST").A("@", 300, 1, 2, 3, 4).Build()), Is.Not.Null);

    [Test]
    public void TryCreate_NotAResponse_IsDiscarded() =>
        Assert.That(Create(new Wire(7, 0x01, 0x80).Question("www.example.test").Build()), Is.Null);

    [Test]
    public void TryCreate_RecordRunsPastTheEnd_IsDiscarded()
    {
        var packet = new Wire(7, 0x81, 0x80).Question("www.example.test").A("@", 300, 1, 2, 3, 4).Build();
        Assert.That(Create(packet[..^2]), Is.Null);
    }
}
