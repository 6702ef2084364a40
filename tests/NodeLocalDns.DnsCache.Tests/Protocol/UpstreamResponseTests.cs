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

    // RFC 1035 §4.1.4: a pointer names an earlier occurrence of a name; one pointing at itself (or forwards)
    // names nothing. unbound answers SERVFAIL for such an answer; it must never reach a client or the cache.
    [Test]
    public void TryCreate_OwnerPointingAtItself_IsMalformed()
    {
        var packet = new Wire(7, 0x81, 0x80).Question("www.example.test").Build();
        var self = (byte)packet.Length;
        packet = new Wire(7, 0x81, 0x80).Question("www.example.test").Record(1, [0xC0, self], 1, 300, [192, 0, 2, 1]).Build();
        Assert.That(Create(packet), Is.Null);
    }

    [TestCase(5, "CNAME")]
    [TestCase(2, "NS")]
    [TestCase(12, "PTR")]
    public void TryCreate_NameInRdataPointingForwards_IsMalformed(int type, string name)
    {
        // The RDATA's name is a pointer past the end of the message.
        var packet = new Wire(7, 0x81, 0x80).Question("www.example.test").Record(1, [0xC0, 12], (ushort)type, 300, [0xC0, 0xF0]).Build();
        Assert.That(Create(packet), Is.Null, name);
    }

    [Test]
    public void TryCreate_MxExchangeRunningPastItsRdata_IsMalformed()
    {
        // MX: preference, then a name that must end inside RDLENGTH.
        var packet = new Wire(7, 0x81, 0x80).Question("www.example.test").Record(1, [0xC0, 12], 15, 300, [0, 10, 4, (byte)'m', (byte)'a', (byte)'i']).Build();
        Assert.That(Create(packet), Is.Null);
    }

    [Test]
    public void TryCreate_SoaWithShortFixedFields_IsMalformed()
    {
        var packet = new Wire(7, 0x81, 0x83).Question("www.example.test").Record(2, Wire.Name("example.test"), 6, 300, [0, 0, 0, 0, 1]).Build();
        Assert.That(Create(packet), Is.Null);
    }

    [TestCase(1, 3)]
    [TestCase(28, 4)]
    public void TryCreate_AddressOfTheWrongLength_IsMalformed(int type, int length)
    {
        var packet = new Wire(7, 0x81, 0x80).Question("www.example.test", (ushort)type).Record(1, [0xC0, 12], (ushort)type, 300, new byte[length]).Build();
        Assert.That(UpstreamResponse.TryCreate(packet, 7, Name, (ushort)type, 1), Is.Null);
    }

    [Test]
    public void TryCreate_TrailingBytes_AreIgnoredAsUnboundDoes()
    {
        var packet = new Wire(7, 0x81, 0x80).Question("www.example.test").A("@", 300, 192, 0, 2, 1).Build();
        var response = Create([.. packet, 0xDE, 0xAD]);
        Assert.That(response, Is.Not.Null);
        Assert.That(response!.Body, Has.Length.EqualTo(packet.Length), "the trailing bytes are not stored");
    }

    // RFC 6891 §6.1.1 puts the OPT anywhere in the additional section. Records after it may point at names
    // after it: taking it out must move those pointers, or the names they name change.
    [Test]
    public void TryCreate_OptBeforeOtherAdditionalRecords_LaterPointersStillNameTheirNames()
    {
        var wire = new Wire(7, 0x81, 0x80).Question("www.example.test").A("@", 300, 192, 0, 2, 1).Opt();
        var before = wire.Build();
        var nsOffset = before.Length;
        var packet = wire.Record(3, Wire.Name("ns1.example.test"), 1, 300, [192, 0, 2, 53])
            .Record(3, [0xC0, (byte)nsOffset], 28, 300, new byte[16])
            .Build();
        var response = Create(packet)!;
        Assert.That(response, Is.Not.Null);
        var parsed = RawDns.Parse(response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.AdditionalRecords.Select(r => r.Name.ToString()), Is.EqualTo(new[] { "ns1.example.test.", "ns1.example.test." }));
            Assert.That(response.Kind, Is.EqualTo(ResponseKind.Success));
            Assert.That(response.TtlOffsets, Has.Length.EqualTo(3));
        });
    }
}
