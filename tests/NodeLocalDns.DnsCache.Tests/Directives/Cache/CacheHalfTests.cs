using System.Text;
using NodeLocalDns.DnsCache.Directives.Cache;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Tests.Directives.Cache;

/// <summary>
/// The cache half's own index and arena (open addressing with tombstones, a dense list of records, bytes in arena
/// blocks, a sequence lock per record): checked against a plain dictionary over random operations, and with readers
/// racing a writer that evicts, replaces and moves entries under them.
/// </summary>
public sealed class CacheHalfTests
{
    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key-{i}");

    private static int Hash(int i) => WireKeyComparer.Instance.GetHashCode(Key(i));

    // A body that says which key and which store it came from, of a length that varies with both (so entries move
    // between the arena's size classes).
    private static byte[] Body(int i, int marker) =>
        [(byte)i, (byte)(i >> 8), (byte)marker, .. Enumerable.Repeat((byte)(i ^ marker), ((i * 7) + marker) % 300)];

    private static bool Set(CacheHalf half, int i, int marker = 0, long expiresAt = long.MaxValue) =>
        half.Set(Key(i), Hash(i), Body(i, marker), [], new EntryStamp(ResponseKind.Success, 0, expiresAt, 30), now: 0);

    // The body stored under key i as one consistent read, or null when absent.
    private static byte[]? Read(CacheHalf half, int i)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (!half.TryGet(Key(i), Hash(i), out var answer))
            {
                return null;
            }

            var body = answer.Body.ToArray();
            if (answer.IsCurrent())
            {
                return body;
            }
        }

        throw new AssertionException($"key {i}: no consistent read in 100 tries");
    }

    [Test]
    public void RandomSetsAndRemoves_AgreeWithADictionary_AndEveryKeyIsFound()
    {
        var half = new CacheHalf(capacity: 100_000);
        var model = new Dictionary<int, int>();
        var random = new Random(1234);
        for (var step = 0; step < 200_000; step++)
        {
            var i = random.Next(5_000);
            if (random.Next(3) == 0)
            {
                half.Remove(Key(i), Hash(i));
                model.Remove(i);
            }
            else
            {
                Assert.That(Set(half, i, marker: step % 251), Is.True);
                model[i] = step % 251;
            }
        }

        Assert.That(half.Count, Is.EqualTo(model.Count));
        for (var i = 0; i < 5_000; i++)
        {
            var body = Read(half, i);
            Assert.That(body is not null, Is.EqualTo(model.ContainsKey(i)), $"key {i}");
            if (body is not null)
            {
                Assert.That(body, Is.EqualTo(Body(i, model[i])), $"key {i} finds the answer stored last");
            }
        }
    }

    [Test]
    public void FullHalf_EvictsOnePerNewKey_AndWhatRemainsIsFound()
    {
        var half = new CacheHalf(capacity: 1_000);
        for (var i = 0; i < 20_000; i++)
        {
            Set(half, i, expiresAt: i);
        }

        var found = Enumerable.Range(0, 20_000).Count(i => Read(half, i) is not null);
        Assert.Multiple(() =>
        {
            Assert.That(half.Count, Is.EqualTo(1_000));
            Assert.That(found, Is.EqualTo(1_000), "every entry still counted is still found");
            Assert.That(Read(half, 19_999), Is.EqualTo(Body(19_999, 0)), "the entry just stored is never the one evicted");
        });
    }

    [Test]
    public void Set_AnswerTooLongForTheArena_IsNotStored_AndTheOldAnswerIsKept()
    {
        var half = new CacheHalf(capacity: 10);
        Set(half, 1, marker: 3);
        var huge = new byte[BlobArena.MaxBlockLength];
        Assert.Multiple(() =>
        {
            Assert.That(half.Set(Key(1), Hash(1), huge, [], new EntryStamp(ResponseKind.Success, 0, long.MaxValue, 30), 0), Is.False);
            Assert.That(Read(half, 1), Is.EqualTo(Body(1, 3)));
        });
    }

    [Test]
    public void FullHalf_StoringNewAnswers_AllocatesAlmostNothingOnTheGcHeap()
    {
        // Every new answer used to be objects (an entry and its array, about 330 bytes) that each gen0 and gen1
        // collection copied; the arena reuses the blocks of the entries it evicts.
        const int Capacity = 5_000;
        var half = new CacheHalf(Capacity);
        var keys = Enumerable.Range(0, 3 * Capacity).Select(Key).ToArray();
        var hashes = keys.Select(key => WireKeyComparer.Instance.GetHashCode(key)).ToArray();
        var body = Body(1, 1);
        var stamp = new EntryStamp(ResponseKind.Success, 0, long.MaxValue, 30);
        for (var i = 0; i < 2 * Capacity; i++)
        {
            half.Set(keys[i], hashes[i], body, [], stamp, 0);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 2 * Capacity; i < 3 * Capacity; i++)
        {
            half.Set(keys[i], hashes[i], body, [], stamp, 0);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // What is left is the index, rebuilt every few thousand evictions to clear its tombstones: tens of bytes per
        // answer on average, against a few hundred when each answer was objects.
        Assert.That(allocated / Capacity, Is.LessThan(48), $"{allocated} bytes for {Capacity} new answers");
    }

    [Test]
    public void ReadersRacingAWriter_NeverGetAnotherKeysAnswer_AndFindKeysNeverTouched()
    {
        // The writer removes and replaces answers, so freed blocks (a stack per size class) are reused at once, under
        // readers; the half never fills, so nothing evicts the keys 0-99.
        var half = new CacheHalf(capacity: 1_000);
        for (var i = 0; i < 100; i++)
        {
            Set(half, i, marker: 1);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var wrong = 0;
        var lostStable = 0;
        var discarded = 0;
        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(() =>
        {
            var random = new Random();
            while (!stop.IsCancellationRequested)
            {
                var i = random.Next(1_000);
                if (half.TryGet(Key(i), Hash(i), out var answer))
                {
                    // A reader slowed down between finding an answer and copying it, as a preempted one would be.
                    Thread.SpinWait(random.Next(200));
                    var body = answer.Body.ToArray();
                    var ttlOffsets = answer.TtlOffsets.Length;
                    if (!answer.IsCurrent())
                    {
                        Interlocked.Increment(ref discarded);
                    }
                    else if (body.Length < 3 || !body.AsSpan().SequenceEqual(Body(i, body[2])) || ttlOffsets != 0)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }

                // Keys 0-99 are never removed, replaced nor evicted, so a reader must always find them, whatever the
                // writer moves around them.
                if (i < 100 && Read(half, i) is null)
                {
                    Interlocked.Increment(ref lostStable);
                }
            }
        })).ToArray();

        var writer = Task.Run(() =>
        {
            var random = new Random(7);
            var step = 0;
            while (!stop.IsCancellationRequested)
            {
                var i = 100 + random.Next(800);
                if (random.Next(3) == 0)
                {
                    half.Remove(Key(i), Hash(i));
                }
                else
                {
                    Set(half, i, marker: ++step % 256);
                }
            }
        });

        Task.WaitAll([.. readers, writer]);
        TestContext.Out.WriteLine($"reads discarded as torn: {discarded}, wrong: {wrong}");
        Assert.Multiple(() =>
        {
            Assert.That(wrong, Is.Zero, "a reader got bytes stored under another key");
            Assert.That(lostStable, Is.Zero, "a reader missed a key that was never removed");
            Assert.That(discarded, Is.Positive, "no read overlapped a write: the test did not exercise the race");
        });
    }
}
