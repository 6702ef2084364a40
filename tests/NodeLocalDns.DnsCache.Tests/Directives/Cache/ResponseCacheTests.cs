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
        Assert.That(cache.Store(Key(), ServFail(), _time.GetTimestamp()), Is.Null);
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
    public void Store_DisableDenial_DoesNotCacheDenials()
    {
        var cache = new ResponseCache(new CacheOptions { DisableDenial = true }, _time);
        Assert.That(cache.Store(Key(), Negative(3600, 300), _time.GetTimestamp()), Is.Null);
    }

    [Test]
    public void ShouldPrefetch_PopularEntryNearExpiry_PrefetchesOnce()
    {
        var cache = new ResponseCache(new CacheOptions { Prefetch = new PrefetchOptions(2, TimeSpan.FromMinutes(1), 10) }, _time);
        var entry = cache.Store(Key(), Positive(100), _time.GetTimestamp())!;
        Assert.That(cache.ShouldPrefetch(entry, 100, _time.GetTimestamp()), Is.False, "one hit, TTL full");
        _time.Advance(TimeSpan.FromSeconds(91));
        Assert.That(cache.ShouldPrefetch(entry, 9, _time.GetTimestamp()), Is.True, "second hit with 9 % left");
        Assert.That(cache.ShouldPrefetch(entry, 9, _time.GetTimestamp()), Is.False, "only one refresh per entry");
    }
}
