using NodeLocalDns.DnsCache.BaseCorefile;

namespace NodeLocalDns.DnsCache.Tests.BaseCorefile;

/// <summary>The mounted kube-dns ConfigMap, read as node-cache reads it; JSON that is not what kube-dns expects names the file.</summary>
public sealed class KubeDnsSettingsTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("kube-dns-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void ReadsBothKeys_SortedByDomain()
    {
        File.WriteAllText(Path.Combine(_directory, "stubDomains"), """{"z.test": ["1.1.1.1"], "a.test": ["2.2.2.2", "3.3.3.3"]}""");
        File.WriteAllText(Path.Combine(_directory, "upstreamNameservers"), """["8.8.8.8"]""");

        var settings = KubeDnsSettings.Read(_directory);

        Assert.That(settings.StubDomains.Select(s => s.Domain), Is.EqualTo(new[] { "a.test", "z.test" }));
        Assert.That(settings.StubDomains[0].Servers, Is.EqualTo(new[] { "2.2.2.2", "3.3.3.3" }));
        Assert.That(settings.UpstreamNameservers, Is.EqualTo(new[] { "8.8.8.8" }));
    }

    [Test]
    public void AnEmptyDirectory_IsEmptySettings() => Assert.That(KubeDnsSettings.Read(_directory).StubDomains, Is.Empty);

    [TestCase("stubDomains", "{\"a.test\": [\"1.1.1.1\"", "stubDomains:1:")]
    [TestCase("stubDomains", "[\"1.1.1.1\"]", "expected a JSON map")]
    [TestCase("stubDomains", "{\"a.test\": \"1.1.1.1\"}", "stub domain 'a.test': expected a JSON list")]
    [TestCase("upstreamNameservers", "[\"1.1.1.1\", 2]", "expected a JSON list")]
    [TestCase("upstreamNameservers", "[\"1.1.1.1\",\"1.1.1.2\",\"1.1.1.3\",\"1.1.1.4\"]", "at most 3 upstream name servers")]
    public void BadJson_NamesTheFile(string key, string json, string expected)
    {
        File.WriteAllText(Path.Combine(_directory, key), json);
        var error = Assert.Throws<FormatException>(() => KubeDnsSettings.Read(_directory))!;
        Assert.That(error.Message, Does.Contain(key));
        Assert.That(error.Message, Does.Contain(expected));
    }
}
