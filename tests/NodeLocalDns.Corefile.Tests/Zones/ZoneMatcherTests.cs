using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Corefile.Tests.Zones;

public sealed class ZoneMatcherTests
{
    private static ZoneMatcher<string> Matcher(params string[] zones)
    {
        var matcher = new ZoneMatcher<string>();
        foreach (var zone in zones)
        {
            matcher.Set(zone, "block for " + ZoneNames.ToDisplay(zone));
        }

        return matcher;
    }

    [TestCase("www.example.org.", "example.org.", "block for example.org")]
    [TestCase("WWW.Example.ORG", "example.org.", "block for example.org")]
    [TestCase("a.my.cluster.local", "my.cluster.local.", "block for my.cluster.local")]
    [TestCase("svc.cluster.local.", "cluster.local.", "block for cluster.local")]
    [TestCase("cluster.local", "cluster.local.", "block for cluster.local")]
    [TestCase("notcluster.local", ".", "block for .")]
    [TestCase("google.com.", ".", "block for .")]
    [TestCase(".", ".", "block for .")]
    public void TryMatch_LongestSuffixWins(string name, string zone, string value)
    {
        var matcher = Matcher(".", "Example.org", "cluster.local.", "my.cluster.local");
        Assert.That(matcher.TryMatch(name, out var found, out var foundValue), Is.True);
        Assert.That((found, foundValue), Is.EqualTo((zone, value)));
    }

    [Test]
    public void TryMatch_NoRootAndNoSuffix_IsFalse()
    {
        var matcher = Matcher("example.org");
        Assert.That(matcher.TryMatch("example.com", out _, out _), Is.False);
    }

    [Test]
    public void Set_SameZoneAnotherSpelling_Replaces()
    {
        var matcher = Matcher("example.org");
        matcher.Set("EXAMPLE.ORG.", "second");
        Assert.That(matcher.TryMatch("a.example.org", out _, out var value) ? value : null, Is.EqualTo("second"));
        Assert.That(matcher.Zones, Is.EqualTo(new[] { "example.org." }));
    }
}
