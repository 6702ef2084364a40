using NodeLocalDns.Corefile.Configuration;

namespace NodeLocalDns.Corefile.Tests.Configuration;

public sealed class GoDurationTests
{
    [TestCase("30s", 30_000)]
    [TestCase("1m", 60_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("1.5h", 5_400_000)]
    [TestCase("500ms", 500)]
    [TestCase("0", 0)]
    public void TryParse_GoSyntax_GivesMilliseconds(string text, int milliseconds)
    {
        Assert.That(GoDuration.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("")]
    [TestCase("30")]
    [TestCase("s")]
    [TestCase("5 m")]
    [TestCase("1d")]
    public void TryParse_NotADuration_IsFalse(string text) => Assert.That(GoDuration.TryParse(text, out _), Is.False);
}
