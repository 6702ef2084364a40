using Microsoft.Extensions.Time.Testing;
using NodeLocalDns.Controllers.Resilience;

namespace NodeLocalDns.Controllers.Tests.Resilience;

[TestFixture]
public sealed class ResettingBackoffTests
{
    [Test]
    public void Next_ConsecutiveFailures_GrowsWithJitterUpToTheCap()
    {
        var clock = new FakeTimeProvider();
        var backoff = new ResettingBackoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120), clock);

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            delays.Add(backoff.Next());
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        double[] expected = [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30, 30, 30, 30];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.That(delays[i].TotalSeconds, Is.InRange(expected[i] * 0.8, expected[i] * 1.2), $"failure {i + 1}");
        }
    }

    [Test]
    public void Next_AfterAHealthyPeriod_StartsOver()
    {
        var clock = new FakeTimeProvider();
        var backoff = new ResettingBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120), clock);
        for (var i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        clock.Advance(TimeSpan.FromSeconds(119));
        var stillBackingOff = backoff.Next();
        clock.Advance(TimeSpan.FromSeconds(121));
        var fresh = backoff.Next();

        Assert.Multiple(() =>
        {
            Assert.That(stillBackingOff.TotalSeconds, Is.GreaterThanOrEqualTo(30 * 0.8), "119 s is not healthy long enough");
            Assert.That(fresh.TotalSeconds, Is.InRange(0.8, 1.2));
        });
    }

    [Test]
    public void Next_Jitter_SpreadsDelays()
    {
        var delays = Enumerable.Range(0, 20)
            .Select(_ => new ResettingBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120), new FakeTimeProvider()).Next())
            .Distinct()
            .Count();

        Assert.That(delays, Is.GreaterThan(1), "replicas failing together must not retry in lockstep");
    }
}
