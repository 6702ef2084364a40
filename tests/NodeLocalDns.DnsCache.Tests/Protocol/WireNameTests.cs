using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Tests.Protocol;

public sealed class WireNameTests
{
    private static byte[]? FromText(string name)
    {
        var buffer = new byte[DnsConstants.MaxNameLength];
        var length = WireName.FromText(name, buffer);
        return length < 0 ? null : buffer[..length];
    }

    [TestCase("www.Example.TEST.", new byte[] { 3, 0x77, 0x77, 0x77, 7, 0x65, 0x78, 0x61, 0x6D, 0x70, 0x6C, 0x65, 4, 0x74, 0x65, 0x73, 0x74, 0 })]
    [TestCase("a.b", new byte[] { 1, (byte)'a', 1, (byte)'b', 0 })]
    [TestCase(".", new byte[] { 0 })]
    [TestCase("", new byte[] { 0 })]
    [TestCase(@"zz\.ex.com.", new byte[] { 5, (byte)'z', (byte)'z', (byte)'.', (byte)'e', (byte)'x', 3, (byte)'c', (byte)'o', (byte)'m', 0 })]
    [TestCase(@"\065\000\255.\\.", new byte[] { 3, (byte)'a', 0, 255, 1, (byte)'\\', 0 })]
    [TestCase(@"a\ b.", new byte[] { 3, (byte)'a', (byte)' ', (byte)'b', 0 })]
    public void FromText_ReadsEscapesAsRfc1035Says_AndFoldsAsciiLetters(string text, byte[] wire) =>
        Assert.That(FromText(text), Is.EqualTo(wire));

    [TestCase("a..b")]
    [TestCase(".a")]
    [TestCase("a\\")]
    [TestCase(@"a\256")]
    public void FromText_NotAName_IsRefused(string text) => Assert.That(FromText(text), Is.Null);

    [Test]
    public void FromText_NonAsciiText_IsItsUtf8Octets_AsCoreDnsCarriesIt() =>
        Assert.That(FromText("Café.test"), Is.EqualTo(new byte[] { 5, 0x63, 0x61, 0x66, 0xC3, 0xA9, 4, 0x74, 0x65, 0x73, 0x74, 0 }));

    [Test]
    public void FromText_InvalidName_IsAFormatError_NotTheRoot() =>
        Assert.That(() => WireName.FromText("a..test"), Throws.TypeOf<FormatException>().With.Message.Contains("'a..test' is not a domain name"));

    [Test]
    public void FromText_LabelAndNameLengthLimits()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FromText(new string('a', 63) + ".test"), Is.Not.Null);
            Assert.That(FromText(new string('a', 64) + ".test"), Is.Null, "a label holds at most 63 octets");
            var longest = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('a', 61);
            Assert.That(FromText(longest)!.Length, Is.EqualTo(255));
            Assert.That(FromText(longest + "a"), Is.Null, "a name is at most 255 octets");
        });
    }

    [Test]
    public void FromText_RoundTripsWhatToTextPrints()
    {
        byte[] wire = [4, (byte)'a', (byte)'.', (byte)';', 0x7F, 2, 0, (byte)'"', 0];
        Assert.That(FromText(WireName.ToText(wire)), Is.EqualTo(wire));
    }
}
