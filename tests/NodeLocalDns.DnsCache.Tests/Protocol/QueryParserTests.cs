using NodeLocalDns.DnsCache.Protocol;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Protocol;

public sealed class QueryParserTests
{
    private static ParseResult Parse(byte[] packet, out ParsedQuery q, out byte[] key)
    {
        q = default;
        key = new byte[DnsConstants.MaxKeyLength];
        return QueryParser.TryParse(packet, ref q, key);
    }

    [Test]
    public void TryParse_PlainQuery_ReadsHeaderQuestionAndLowerCaseKey()
    {
        var result = Parse(RawDns.Query("WwW.Example.Test", type: 28, id: 99), out var q, out var key);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(ParseResult.Ok));
            Assert.That(q.Id, Is.EqualTo(99));
            Assert.That(q.QType, Is.EqualTo(28));
            Assert.That(q.HasOpt, Is.False);
            Assert.That(q.MaxUdpResponse, Is.EqualTo(512));
            Assert.That(key[..q.KeyLength], Is.EqualTo(Wire.Name("www.example.test").Concat(new byte[] { 0, 28, 0, 1, 0 })));
        });
    }

    [TestCase(false, false, 0)]
    [TestCase(true, false, 1)]
    [TestCase(false, true, 2)]
    [TestCase(true, true, 3)]
    public void TryParse_DoAndCdBits_GoIntoTheKey(bool dnssecOk, bool cd, int flagByte)
    {
        Parse(RawDns.Query("a.test", ednsSize: 1232, dnssecOk: dnssecOk, cd: cd), out var q, out var key);
        Assert.That(key[q.KeyLength - 1], Is.EqualTo(flagByte));
    }

    [TestCase(100, 512)]
    [TestCase(1232, 1232)]
    [TestCase(65000, 4096)]
    public void TryParse_EdnsSize_IsClampedToSaneBounds(int advertised, int expected)
    {
        Parse(RawDns.Query("a.test", ednsSize: advertised), out var q, out _);
        Assert.That(q.MaxUdpResponse, Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> Malformed()
    {
        var good = RawDns.Query("www.example.test");
        yield return new TestCaseData(Array.Empty<byte>(), (int)ParseResult.Drop).SetName("empty");
        yield return new TestCaseData(good[..11], (int)ParseResult.Drop).SetName("short header");
        var response = (byte[])good.Clone();
        response[2] |= 0x80;
        yield return new TestCaseData(response, (int)ParseResult.Drop).SetName("a response (QR set)");
        yield return new TestCaseData(good[..20], (int)ParseResult.FormErr).SetName("question cut in the name");
        yield return new TestCaseData(good[..^2], (int)ParseResult.FormErr).SetName("question cut in the class");
        yield return new TestCaseData(good.Concat(new byte[] { 1, 2, 3 }).ToArray(), (int)ParseResult.FormErr).SetName("trailing garbage");
        var twoQuestions = (byte[])good.Clone();
        twoQuestions[5] = 2;
        yield return new TestCaseData(twoQuestions, (int)ParseResult.FormErr).SetName("QDCOUNT lies (2)");
        var noQuestion = (byte[])good.Clone();
        noQuestion[5] = 0;
        yield return new TestCaseData(noQuestion, (int)ParseResult.FormErr).SetName("QDCOUNT 0");
        var lyingAr = (byte[])good.Clone();
        lyingAr[11] = 3;
        yield return new TestCaseData(lyingAr, (int)ParseResult.FormErr).SetName("ARCOUNT lies");
        byte[] loop = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        yield return new TestCaseData(loop, (int)ParseResult.FormErr).SetName("pointer to itself");
        byte[] forward = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 14, 1, 97, 0, 0, 1, 0, 1];
        yield return new TestCaseData(forward, (int)ParseResult.FormErr).SetName("forward pointer in the question");
        byte[] badLabel = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 1, 0, 1];
        yield return new TestCaseData(badLabel, (int)ParseResult.FormErr).SetName("reserved label type 0x80");
        var longName = new List<byte> { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        for (var i = 0; i < 5; i++)
        {
            longName.Add(63);
            longName.AddRange(Enumerable.Repeat((byte)'a', 63));
        }

        longName.AddRange([0, 0, 1, 0, 1]);
        yield return new TestCaseData(longName.ToArray(), (int)ParseResult.FormErr).SetName("name over 255 octets");
        var twoOpts = RawDns.Query("a.test", ednsSize: 1232).Concat(new byte[] { 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0 }).ToArray();
        twoOpts[11] = 2;
        yield return new TestCaseData(twoOpts, (int)ParseResult.FormErr).SetName("two OPT records");
        var opcode = (byte[])good.Clone();
        opcode[2] |= 2 << 3;
        yield return new TestCaseData(opcode, (int)ParseResult.NotImp).SetName("opcode STATUS");
        var version = RawDns.Query("a.test", ednsSize: 1232);
        version[^5] = 1;
        yield return new TestCaseData(version, (int)ParseResult.BadVers).SetName("EDNS version 1");
    }

    [TestCaseSource(nameof(Malformed))]
    public void TryParse_MalformedPacket_IsRejectedWithoutThrowing(byte[] packet, int expected)
    {
        Assert.That(Parse(packet, out _, out _), Is.EqualTo((ParseResult)expected));
    }

    [Test]
    public void TryParse_RandomBytesAndMutations_NeverThrow()
    {
        var random = new Random(12345);
        var seed = RawDns.Query("www.example.test", ednsSize: 1232);
        var key = new byte[DnsConstants.MaxKeyLength];
        for (var i = 0; i < 20_000; i++)
        {
            byte[] packet;
            if (i % 2 == 0)
            {
                packet = new byte[random.Next(0, 80)];
                random.NextBytes(packet);
            }
            else
            {
                packet = (byte[])seed.Clone();
                for (var m = 0; m < 1 + random.Next(4); m++)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }

                packet = packet[..random.Next(packet.Length / 2, packet.Length + 1)];
            }

            var q = default(ParsedQuery);
            Assert.DoesNotThrow(() => QueryParser.TryParse(packet, ref q, key));
        }
    }

    // RFC 8490 §5.4: a DSO message (opcode 6) has no question; a server without DSO answers NOTIMP, so the
    // opcode is checked before the question count.
    [Test]
    public void TryParse_DsoWithoutQuestion_IsNotImp()
    {
        byte[] dso = [0x12, 0x34, 6 << 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.That(Parse(dso, out _, out _), Is.EqualTo(ParseResult.NotImp));
    }
}
