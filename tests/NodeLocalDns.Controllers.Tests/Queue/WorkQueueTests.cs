using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using NodeLocalDns.Controllers.Queue;

namespace NodeLocalDns.Controllers.Tests.Queue;

[TestFixture]
[CancelAfter(10_000)]
public sealed class WorkQueueTests
{
    private static readonly WorkQueueOptions NoBucket = new() { OverallRetriesPerSecond = null };

    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void SetUp() => _clock = new FakeTimeProvider();

    [Test]
    public async Task Add_SameKeyTwice_QueuedOnce()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);

        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        Assert.That(queue.Length, Is.EqualTo(2));
        Assert.That(await TakeAllAsync(queue), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task GetAsync_KeysComeOutInFirstAddOrder()
    {
        using var queue = new WorkQueue<int>(timeProvider: _clock);
        foreach (var key in new[] { 3, 1, 2, 1, 3 })
        {
            queue.Add(key);
        }

        Assert.That(await TakeAllAsync(queue), Is.EqualTo(new[] { 3, 1, 2 }));
    }

    [Test]
    public async Task Add_WhileProcessing_NotHandedOutUntilDoneThenQueuedOnce()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);
        queue.Add("a");
        var (key, _) = await queue.GetAsync(CancellationToken.None);

        queue.Add("a");
        queue.Add("a");
        var second = queue.GetAsync(CancellationToken.None);
        await Task.Delay(50);

        Assert.Multiple(() =>
        {
            Assert.That(second.IsCompleted, Is.False, "a key being processed must not be handed to a second worker");
            Assert.That(queue.Length, Is.Zero);
        });

        queue.Done(key);
        var (again, shutDown) = await second;

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo("a"));
            Assert.That(shutDown, Is.False);
            Assert.That(queue.Length, Is.Zero, "re-added once, not twice");
        });
    }

    [Test]
    public async Task Done_NotReAdded_KeyLeavesTheQueue()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);
        queue.Add("a");
        var (key, _) = await queue.GetAsync(CancellationToken.None);

        queue.Done(key);

        Assert.That(queue.Length, Is.Zero);
    }

    [Test]
    public async Task GetAsync_EmptyQueue_WaitsForAdd()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);
        var waiting = queue.GetAsync(CancellationToken.None);
        await Task.Delay(20);
        Assert.That(waiting.IsCompleted, Is.False);

        queue.Add("a");

        Assert.That((await waiting).Key, Is.EqualTo("a"));
    }

    [Test]
    public async Task ShutDown_WakesEveryWaiter()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);
        var waiters = Enumerable.Range(0, 4).Select(_ => queue.GetAsync(CancellationToken.None)).ToArray();
        await Task.Delay(20);

        queue.ShutDown();
        var results = await Task.WhenAll(waiters);

        Assert.That(results.Select(r => r.ShutDown), Is.All.True);
    }

    [Test]
    public async Task ShutDown_LaterAddsIgnoredAndGetReturnsAtOnce()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);
        queue.Add("a");
        queue.ShutDown();

        queue.Add("b");
        queue.AddAfter("c", TimeSpan.FromSeconds(1));
        var (_, shutDown) = await queue.GetAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(shutDown, Is.True);
            Assert.That(queue.Length, Is.Zero);
            Assert.That(queue.WaitingCount, Is.Zero);
        });
    }

    [Test]
    public void GetAsync_Cancelled_Throws()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        Assert.That(async () => await queue.GetAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void AddAfter_BeforeTheDelay_NotAvailable()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(9.9));

        Assert.Multiple(() =>
        {
            Assert.That(queue.Length, Is.Zero);
            Assert.That(queue.WaitingCount, Is.EqualTo(1));
        });

        _clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Multiple(() =>
        {
            Assert.That(queue.Length, Is.EqualTo(1));
            Assert.That(queue.WaitingCount, Is.Zero);
        });
    }

    [Test]
    public async Task AddAfter_DifferentDelays_ReadyInDueOrder()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);

        queue.AddAfter("late", TimeSpan.FromSeconds(3));
        queue.AddAfter("early", TimeSpan.FromSeconds(1));
        queue.AddAfter("middle", TimeSpan.FromSeconds(2));
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            seen.AddRange(await TakeAllAsync(queue));
        }

        Assert.That(seen, Is.EqualTo(new[] { "early", "middle", "late" }));
    }

    [Test]
    public void AddAfter_AlreadyWaiting_KeepsTheEarlierTime()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);

        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(50));
        queue.AddAfter("b", TimeSpan.FromSeconds(50));
        queue.AddAfter("b", TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(queue.Length, Is.EqualTo(2), "both due at 5 s");
            Assert.That(queue.WaitingCount, Is.Zero, "a key waits once");
        });

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That(queue.Length, Is.EqualTo(2), "the superseded later times do not add the keys again");
    }

    [Test]
    public void AddAfter_NonPositiveDelay_AddsAtOnce()
    {
        using var queue = new WorkQueue<string>(timeProvider: _clock);

        queue.AddAfter("a", TimeSpan.Zero);
        queue.AddAfter("b", TimeSpan.FromSeconds(-1));

        Assert.That(queue.Length, Is.EqualTo(2));
    }

    [Test]
    public void AddRateLimited_RepeatedFailures_DelayDoublesFromBaseToCap()
    {
        using var queue = new WorkQueue<string>(NoBucket, _clock);

        var delays = Enumerable.Range(0, 20).Select(_ => queue.AddRateLimited("a")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(delays.Take(4), Is.EqualTo(new[] { 5, 10, 20, 40 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
            Assert.That(delays, Is.Ordered);
            Assert.That(delays[^1], Is.EqualTo(TimeSpan.FromMinutes(5)), "5 ms x 2^19 is far beyond the cap");
            Assert.That(delays.Max(), Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(queue.NumRequeues("a"), Is.EqualTo(20));
        });
    }

    [Test]
    public void AddRateLimited_KeysBackOffIndependently()
    {
        using var queue = new WorkQueue<string>(NoBucket, _clock);
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        Assert.That(queue.AddRateLimited("b"), Is.EqualTo(TimeSpan.FromMilliseconds(5)));
    }

    [Test]
    public void AddRateLimited_KeyBecomesReadyAfterItsDelay()
    {
        using var queue = new WorkQueue<string>(NoBucket, _clock);
        queue.AddRateLimited("a");
        var second = queue.AddRateLimited("a");

        _clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.That(queue.Length, Is.Zero);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(queue.Length, Is.EqualTo(1), "the earlier of the two pending delays (5 ms) wins");
        Assert.That(second, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
    }

    [Test]
    public void Forget_ResetsTheBackoff()
    {
        using var queue = new WorkQueue<string>(NoBucket, _clock);
        for (var i = 0; i < 5; i++)
        {
            queue.AddRateLimited("a");
        }

        queue.Forget("a");

        Assert.Multiple(() =>
        {
            Assert.That(queue.NumRequeues("a"), Is.Zero);
            Assert.That(queue.AddRateLimited("a"), Is.EqualTo(TimeSpan.FromMilliseconds(5)));
        });
    }

    [Test]
    public void AddRateLimited_OverallBucketExhausted_SpreadsRetriesAtItsRate()
    {
        using var queue = new WorkQueue<string>(new WorkQueueOptions { OverallRetriesPerSecond = 2, OverallRetryBurst = 3 }, _clock);

        var delays = Enumerable.Range(0, 5).Select(i => queue.AddRateLimited($"k{i}")).ToList();

        Assert.That(delays, Is.EqualTo(new[] { 5.0, 5, 5, 500, 1000 }.Select(TimeSpan.FromMilliseconds)), "three from the burst, then one per 500 ms");

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(queue.AddRateLimited("later"), Is.EqualTo(TimeSpan.FromMilliseconds(5)), "the bucket refills");
    }

    [Test]
    public async Task LengthChanged_ReportsQueueDepth()
    {
        var reported = new List<int>();
        using var queue = new WorkQueue<string>(timeProvider: _clock, lengthChanged: reported.Add);

        queue.Add("a");
        queue.Add("b");
        await queue.GetAsync(CancellationToken.None);

        Assert.That(reported, Is.EqualTo(new[] { 1, 2, 1 }));
    }

    [Test]
    public void Options_Invalid_Rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new WorkQueue<string>(new WorkQueueOptions { BaseRetryDelay = TimeSpan.Zero }), Throws.ArgumentException);
            Assert.That(() => new WorkQueue<string>(new WorkQueueOptions { MaxRetryDelay = TimeSpan.FromTicks(1) }), Throws.ArgumentException);
            Assert.That(() => new WorkQueue<string>(new WorkQueueOptions { OverallRetriesPerSecond = 0 }), Throws.ArgumentException);
        });
    }

    [Test]
    public async Task Stress_ManyProducersAndWorkers_NeverConcurrentPerKeyAndLastAddAlwaysProcessed()
    {
        const int Keys = 20;
        using var queue = new WorkQueue<int>(timeProvider: TimeProvider.System);
        var inFlight = new ConcurrentDictionary<int, int>();
        var overlaps = 0;

        // Per key: how many adds happened, and the highest add count a worker had seen when it started processing.
        var added = new int[Keys];
        var processedUpTo = new int[Keys];
        using var stop = new CancellationTokenSource();

        async Task WorkerAsync()
        {
            while (true)
            {
                var (key, shutDown) = await queue.GetAsync(CancellationToken.None);
                if (shutDown)
                {
                    return;
                }

                if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                var seen = Volatile.Read(ref added[key]);
                await Task.Yield();
                InterlockedMax(ref processedUpTo[key], seen);
                inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
                queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(WorkerAsync)).ToArray();
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            var random = new Random(p);
            for (var i = 0; i < 5_000; i++)
            {
                var key = random.Next(Keys);
                Interlocked.Increment(ref added[key]);
                queue.Add(key);
            }
        })).ToArray();
        await Task.WhenAll(producers);

        var drained = await Eventually(() => Enumerable.Range(0, Keys).All(k => Volatile.Read(ref processedUpTo[k]) == Volatile.Read(ref added[k])));
        queue.ShutDown();
        await Task.WhenAll(workers);

        Assert.Multiple(() =>
        {
            Assert.That(overlaps, Is.Zero, "a key was processed by two workers at once");
            Assert.That(drained, Is.True, "every key's last add was followed by processing that saw it");
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        return condition();
    }

    private static async Task<List<T>> TakeAllAsync<T>(WorkQueue<T> queue)
        where T : notnull
    {
        var keys = new List<T>();
        while (queue.Length > 0)
        {
            var (key, _) = await queue.GetAsync(CancellationToken.None);
            keys.Add(key);
            queue.Done(key);
        }

        return keys;
    }
}
