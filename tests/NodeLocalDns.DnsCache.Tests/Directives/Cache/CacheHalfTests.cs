using System.Text;
using NodeLocalDns.DnsCache.Directives.Cache;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Tests.Directives.Cache;

/// <summary>
/// The cache half's own index (open addressing with backward-shift deletion, a dense slot list): checked against a
/// plain dictionary over random operations, and with readers racing a writer.
/// </summary>
public sealed class CacheHalfTests
{
    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key-{i}");

    private static int Hash(int i) => WireKeyComparer.Instance.GetHashCode(Key(i));

    private static CacheEntry Entry(int i, long expiresAt = long.MaxValue, byte marker = 0) =>
        CacheEntry.Create(Key(i), [marker, (byte)i, (byte)(i >> 8)], [], ResponseKind.Success, 0, expiresAt, 30);

    [Test]
    public void RandomSetsAndRemoves_AgreeWithADictionary_AndEveryKeyIsFound()
    {
        var half = new CacheHalf(capacity: 100_000);
        var model = new Dictionary<int, CacheEntry>();
        var random = new Random(1234);
        for (var step = 0; step < 200_000; step++)
        {
            var i = random.Next(5_000);
            if (random.Next(3) == 0)
            {
                half.Remove(Key(i));
                model.Remove(i);
            }
            else
            {
                var entry = Entry(i, marker: (byte)step);
                half.Set(entry, now: 0);
                model[i] = entry;
            }
        }

        Assert.That(half.Count, Is.EqualTo(model.Count));
        for (var i = 0; i < 5_000; i++)
        {
            var found = half.TryGet(Key(i), Hash(i), out var entry);
            Assert.That(found, Is.EqualTo(model.ContainsKey(i)), $"key {i}");
            if (found)
            {
                Assert.That(entry, Is.SameAs(model[i]), $"key {i} finds the entry stored last");
            }
        }
    }

    [Test]
    public void FullHalf_EvictsOnePerNewKey_AndWhatRemainsIsFound()
    {
        var half = new CacheHalf(capacity: 1_000);
        for (var i = 0; i < 20_000; i++)
        {
            half.Set(Entry(i, expiresAt: i), now: 0);
        }

        var found = Enumerable.Range(0, 20_000).Count(i => half.TryGet(Key(i), Hash(i), out _));
        Assert.Multiple(() =>
        {
            Assert.That(half.Count, Is.EqualTo(1_000));
            Assert.That(found, Is.EqualTo(1_000), "every entry still counted is still found");
            Assert.That(half.TryGet(Key(19_999), Hash(19_999), out _), Is.True, "the entry just stored is never the one evicted");
        });
    }

    [Test]
    public void ReadersRacingAWriter_NeverGetAnotherKeysEntry_AndFindKeysNeverTouched()
    {
        var half = new CacheHalf(capacity: 2_000);
        for (var i = 0; i < 100; i++)
        {
            half.Set(Entry(i), now: 0);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var wrong = 0;
        var lostStable = 0;
        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(() =>
        {
            var random = new Random();
            while (!stop.IsCancellationRequested)
            {
                var i = random.Next(3_000);
                if (half.TryGet(Key(i), Hash(i), out var entry) && !entry.Key.SequenceEqual(Key(i)))
                {
                    Interlocked.Increment(ref wrong);
                }

                // Keys 0-99 are never removed nor evicted (they never expire and the half never fills), so a reader
                // must always find them, whatever the writer moves around them.
                if (i < 100 && !half.TryGet(Key(i), Hash(i), out _))
                {
                    Interlocked.Increment(ref lostStable);
                }
            }
        })).ToArray();

        var writer = Task.Run(() =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                var i = 100 + random.Next(1_500);
                if (random.Next(2) == 0)
                {
                    half.Set(Entry(i), now: 0);
                }
                else
                {
                    half.Remove(Key(i));
                }
            }
        });

        Task.WaitAll([.. readers, writer]);
        Assert.Multiple(() =>
        {
            Assert.That(wrong, Is.Zero, "a reader got an entry stored under another key");
            Assert.That(lostStable, Is.Zero, "a reader missed a key that was never removed");
        });
    }
}
