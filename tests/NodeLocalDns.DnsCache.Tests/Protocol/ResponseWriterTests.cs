using System.Buffers.Binary;
using NodeLocalDns.DnsCache.Protocol;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Protocol;

public sealed class ResponseWriterTests
{
    private static (byte[] Query, ParsedQuery Q) Query()
    {
        var query = RawDns.Query("www.example.test", id: 77);
        var q = default(ParsedQuery);
        Assert.That(QueryParser.TryParse(query, ref q, new byte[DnsConstants.MaxKeyLength]), Is.EqualTo(ParseResult.Ok));
        return (query, q);
    }

    [Test]
    public void Write_SetsTheClientsIdAndEveryTtl()
    {
        var (query, q) = Query();
        var body = new Wire(0, 0x81, 0x80).Question("www.example.test").A("@", 300, 192, 0, 2, 1).Build();
        var ttlOffset = (ushort)(body.Length - 10);
        var output = new byte[512];
        var length = ResponseWriter.Write(query, q, body, [ttlOffset], 42, 512, output);
        Assert.Multiple(() =>
        {
            Assert.That(length, Is.EqualTo(body.Length));
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(output), Is.EqualTo(77));
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(output.AsSpan(ttlOffset)), Is.EqualTo(42));
        });
    }

    [Test]
    public void Write_TtlOffsetOutsideTheBody_IsSkippedNotTrusted()
    {
        // A cached answer's offsets can be read while a writer reuses its bytes; the caller then discards the answer,
        // but writing it must not throw nor touch bytes past the body.
        var (query, q) = Query();
        var body = new Wire(0, 0x81, 0x80).Question("www.example.test").A("@", 300, 192, 0, 2, 1).Build();
        var output = new byte[body.Length + 8];
        output.AsSpan(body.Length).Fill(0xEE);
        var length = 0;
        Assert.DoesNotThrow(() => length = ResponseWriter.Write(query, q, body, [(ushort)(body.Length - 3), 60_000], 42, 512, output));
        Assert.Multiple(() =>
        {
            Assert.That(length, Is.EqualTo(body.Length));
            Assert.That(output.AsSpan(body.Length).ToArray(), Is.All.EqualTo(0xEE));
        });
    }
}
