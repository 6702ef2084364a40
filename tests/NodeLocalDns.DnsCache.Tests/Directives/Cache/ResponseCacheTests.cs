using Microsoft.Extensions.Time.Testing;
using NodeLocalDns.Corefile.Directives.Cache;
using NodeLocalDns.DnsCache.Directives.Cache;
using NodeLocalDns.DnsCache.Protocol;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Directives.Cache;

public sealed class ResponseCacheTests
{
    private static readonly byte[] Name = Wire.Name("www.example.test");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static byte[] Key(byte flags = 0) => [.. Name, 0, 1, 0, 1, flags];

    private static UpstreamResponse Positive(uint ttl) =>
        UpstreamResponse.TryCreate(new Wire(1, 0x81, 0x80).Question("www.example.test").A("@", ttl, 192, 0, 2, 1).Build(), 1, Name, 1, 1)!;

    private static UpstreamResponse Negative(uint soaTtl, uint minimum) =>
        UpstreamResponse.TryCreate(new Wire(1, 0x81, 0x83).Question("www.example.test").Soa(soaTtl, minimum).Build(), 1, Name, 1, 1)!;

    private static UpstreamResponse ServFail() =>
        UpstreamResponse.TryCreate(new Wire(1, 0x81, 0x82).Question("www.example.test").Build(), 1, Name, 1, 1)!;

    private (CacheLookup Result, int Ttl) Lookup(ResponseCache cache, byte[] key)
    {
        var result = cache.Lookup(key, _time.GetTimestamp(), out _, out var ttl);
        return (result, ttl);
    }

    [Test]
    public void Lookup_AsTimePasses_TtlCountsDownAndExpires()
    {
        var cache = new ResponseCache(new CacheOptions(), _time);
        cache.Store(Key(), Positive(300), _time.GetTimestamp());
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Hit, 300)));
        _time.Advance(TimeSpan.FromSeconds(100.5));
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Hit, 200)), "CoreDNS: the TTL less the whole seconds elapsed");
        _time.Advance(TimeSpan.FromSeconds(199.4));
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Hit, 1)), "0.1 s left: still an entry, answered with TTL 1 as CoreDNS does");
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(Lookup(cache, Key()).Result, Is.EqualTo(CacheLookup.Miss), "expired exactly at its TTL, not a second early");
    }

    [Test]
    public void Store_TtlAboveSuccessCap_IsCappedToTheCap()
    {
        var cache = new ResponseCache(new CacheOptions { SuccessMaxTtl = TimeSpan.FromSeconds(30) }, _time);
        cache.Store(Key(), Positive(300), _time.GetTimestamp());
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Hit, 30)));
    }

    [Test]
    public void Store_TtlBelowMinimum_IsRaisedToTheMinimum()
    {
        var cache = new ResponseCache(new CacheOptions(), _time);
        cache.Store(Key(), Positive(1), _time.GetTimestamp());
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Hit, 5)));
    }

    [Test]
    public void Store_NxDomain_IsCachedForSoaMinimumCappedByDenialTtl()
    {
        var cache = new ResponseCache(new CacheOptions { DenialMaxTtl = TimeSpan.FromSeconds(60) }, _time);
        cache.Store(Key(), Negative(3600, 300), _time.GetTimestamp());
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Hit, 60)));
        Assert.That(cache.DenialCount, Is.EqualTo(1));
        Assert.That(cache.SuccessCount, Is.Zero);
    }

    [Test]
    public void Store_NxDomainWithSmallSoaMinimum_UsesTheMinimum()
    {
        var cache = new ResponseCache(new CacheOptions(), _time);
        cache.Store(Key(), Negative(3600, 20), _time.GetTimestamp());
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Hit, 20)));
    }

    [Test]
    public void Store_ServFail_IsCachedOnlyFiveSeconds()
    {
        var cache = new ResponseCache(new CacheOptions(), _time);
        cache.Store(Key(), ServFail(), _time.GetTimestamp());
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Hit, 5)));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(Lookup(cache, Key()).Result, Is.EqualTo(CacheLookup.Miss));
    }

    [Test]
    public void Store_ServFailWithServfailZero_IsNotCached()
    {
        var cache = new ResponseCache(new CacheOptions { ServfailTtl = TimeSpan.Zero }, _time);
        Assert.That(cache.Store(Key(), ServFail(), _time.GetTimestamp()), Is.Zero);
    }

    [Test]
    public void Lookup_DoAndCdVariants_AreSeparateEntries()
    {
        var cache = new ResponseCache(new CacheOptions(), _time);
        cache.Store(Key(0), Positive(300), _time.GetTimestamp());
        Assert.Multiple(() =>
        {
            Assert.That(Lookup(cache, Key(1)).Result, Is.EqualTo(CacheLookup.Miss), "DO set");
            Assert.That(Lookup(cache, Key(2)).Result, Is.EqualTo(CacheLookup.Miss), "CD set");
            Assert.That(Lookup(cache, Key(0)).Result, Is.EqualTo(CacheLookup.Hit));
        });
    }

    [Test]
    public void Lookup_ExpiredWithServeStale_IsStaleUntilTheWindowEnds()
    {
        var cache = new ResponseCache(new CacheOptions { ServeStale = new ServeStaleOptions(TimeSpan.FromMinutes(10), false) }, _time);
        cache.Store(Key(), Positive(60), _time.GetTimestamp());
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.That(Lookup(cache, Key()), Is.EqualTo((CacheLookup.Stale, 0)));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.That(Lookup(cache, Key()).Result, Is.EqualTo(CacheLookup.Miss));
    }

    [Test]
    public void Store_BeyondCapacity_KeepsTheCountAtCapacity()
    {
        var cache = new ResponseCache(new CacheOptions { SuccessCapacity = 10 }, _time);
        for (var i = 0; i < 50; i++)
        {
            var name = Wire.Name($"n{i}.example.test");
            var response = UpstreamResponse.TryCreate(new Wire(1, 0x81, 0x80).Question($"n{i}.example.test").A("@", 300, 1, 2, 3, 4).Build(), 1, name, 1, 1)!;
            cache.Store([.. name, 0, 1, 0, 1, 0], response, _time.GetTimestamp());
        }

        Assert.That(cache.SuccessCount, Is.EqualTo(10));
    }

    [Test]
    public void Store_NewNamesIntoAFullCache_AllocateAlmostNothingOnTheGcHeap()
    {
        // The miss path stores one answer per query; when each was new objects, gen0 and gen1 collections copied them
        // all and paused the miss path (dnscache/README.md, "Performance").
        const int Capacity = 2_000;
        var cache = new ResponseCache(new CacheOptions { SuccessCapacity = Capacity }, _time);
        var names = Enumerable.Range(0, 3 * Capacity).Select(i => Wire.Name($"n{i}.example.test")).ToArray();
        var keys = names.Select(name => (byte[])[.. name, 0, 1, 0, 1, 0]).ToArray();
        var responses = names.Select((name, i) => UpstreamResponse.TryCreate(
            new Wire(1, 0x81, 0x80).Question($"n{i}.example.test").A("@", 300, 1, 2, 3, 4).Build(), 1, name, 1, 1)!).ToArray();
        var now = _time.GetTimestamp();
        for (var i = 0; i < 2 * Capacity; i++)
        {
            cache.Store(keys[i], responses[i], now);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 2 * Capacity; i < 3 * Capacity; i++)
        {
            cache.Store(keys[i], responses[i], now);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // What is left is the index, rebuilt every few thousand evictions to clear its tombstones: tens of bytes per
        // answer on average, against a few hundred when each answer was objects.
        Assert.That(allocated / Capacity, Is.LessThan(48), $"{allocated} bytes for {Capacity} new answers");
    }

    [Test]
    public void Store_DisableDenial_DoesNotCacheDenials()
    {
        var cache = new ResponseCache(new CacheOptions { DisableDenial = true }, _time);
        Assert.That(cache.Store(Key(), Negative(3600, 300), _time.GetTimestamp()), Is.Zero);
    }

    [Test]
    public void ShouldPrefetch_PopularEntryNearExpiry_PrefetchesOnce()
    {
        var cache = new ResponseCache(new CacheOptions { Prefetch = new PrefetchOptions(2, TimeSpan.FromMinutes(1), 10) }, _time);
        cache.Store(Key(), Positive(100), _time.GetTimestamp());
        Assert.That(ShouldPrefetch(cache, 100), Is.False, "one hit, TTL full");
        _time.Advance(TimeSpan.FromSeconds(91));
        Assert.That(ShouldPrefetch(cache, 9), Is.True, "second hit with 9 % left");
        Assert.That(ShouldPrefetch(cache, 9), Is.False, "only one refresh per entry");
        cache.RefreshFailed(Key());
        Assert.That(ShouldPrefetch(cache, 9), Is.True, "a failed refresh lets the next hit try again");
    }

    private bool ShouldPrefetch(ResponseCache cache, int remaining)
    {
        Assert.That(cache.Lookup(Key(), _time.GetTimestamp(), out var answer, out _), Is.EqualTo(CacheLookup.Hit));
        return cache.ShouldPrefetch(answer, remaining, _time.GetTimestamp());
    }
}
