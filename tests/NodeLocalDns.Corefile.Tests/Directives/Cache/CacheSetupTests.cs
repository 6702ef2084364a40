using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Directives.Cache;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Cache;

/// <summary><c>cache</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class CacheSetupTests
{
    [Test]
    public void Load_CachePrefetchServeStaleAndDisable_ParsesThem()
    {
        var cache = DnsCacheConfigLoader.Load("""
            .:1053 {
                cache 300 example.org {
                    success 5000 600 10
                    denial 2000 60
                    prefetch 3 30s 20%
                    serve_stale 1h verify
                    servfail 2s
                    disable denial
                }
                forward . 127.0.0.1
            }
            """).Servers[0].Cache!;
        Assert.That(cache, Is.EqualTo(new CacheOptions
        {
            Zones = ValueList<string>.Of("example.org."),
            SuccessCapacity = 5000,
            SuccessMaxTtl = TimeSpan.FromSeconds(600),
            SuccessMinTtl = TimeSpan.FromSeconds(10),
            DenialCapacity = 2000,
            DenialMaxTtl = TimeSpan.FromSeconds(60),
            Prefetch = new PrefetchOptions(3, TimeSpan.FromSeconds(30), 20),
            ServeStale = new ServeStaleOptions(TimeSpan.FromHours(1), Verify: true),
            ServfailTtl = TimeSpan.FromSeconds(2),
            DisableDenial = true,
        }));
    }

    [TestCase("prefetch 2", 2, 60, 10)]
    [TestCase("prefetch 5 10m", 5, 600, 10)]
    [TestCase("prefetch 1 1m 50%", 1, 60, 50)]
    public void Load_PrefetchDefaults_MatchCoreDns(string line, int amount, int seconds, int percentage)
    {
        var cache = DnsCacheConfigLoader.Load($".:53 {{\n cache {{\n  {line}\n }}\n}}").Servers[0].Cache!;
        Assert.That(cache.Prefetch, Is.EqualTo(new PrefetchOptions(amount, TimeSpan.FromSeconds(seconds), percentage)));
    }

    [Test]
    public void Load_ServeStaleWithoutArguments_DefaultsToOneHourImmediate()
    {
        var cache = DnsCacheConfigLoader.Load(".:53 {\n cache 30 {\n  serve_stale\n }\n}").Servers[0].Cache!;
        Assert.That(cache.ServeStale, Is.EqualTo(new ServeStaleOptions(TimeSpan.FromHours(1), Verify: false)));
    }

    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  cache 0\n}", 2, 9, "out of range")]
    [TestCase(".:53 {\n  cache -5\n}", 2, 9, "zero or negative")]
    [TestCase(".:53 {\n  cache 3000000000\n}", 2, 9, "out of range")]
    [TestCase(".:53 {\n  cache {\n    success 0\n  }\n}", 3, 13, "out of range")]
    [TestCase(".:53 {\n  cache {\n    success 100 30 60\n  }\n}", 3, 20, "minimum TTL is larger")]
    [TestCase(".:53 {\n  cache {\n    denial abc\n  }\n}", 3, 12, "not a whole number")]
    [TestCase(".:53 {\n  cache {\n    prefetch 2 soon\n  }\n}", 3, 16, "not a duration")]
    [TestCase(".:53 {\n  cache {\n    prefetch 2 1m 20\n  }\n}", 3, 19, "must end with '%'")]
    [TestCase(".:53 {\n  cache {\n    prefetch 2 1m 120%\n  }\n}", 3, 19, "out of range")]
    [TestCase(".:53 {\n  cache {\n    serve_stale 1h lazy\n  }\n}", 3, 20, "refresh mode 'lazy'")]
    [TestCase(".:53 {\n  cache {\n    servfail 10m\n  }\n}", 3, 14, "too long")]
    [TestCase(".:53 {\n  cache {\n    bogus\n  }\n}", 3, 5, "not an option of cache")]
    [TestCase(".:53 {\n  cache {\n    success 10\n    success 20\n  }\n}", 4, 5, "given twice")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
