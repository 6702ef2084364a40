using System.Diagnostics.CodeAnalysis;

namespace NodeLocalDns.Controllers.Resilience;

/// <summary>Random spreading of delays, so that many clients retrying the same failure do not do it in lockstep.</summary>
internal static class Jitter
{
    /// <summary>A uniformly random value in [0, 1).</summary>
    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Spreads retry times; nothing depends on it being unpredictable.")]
    public static double NextUnit() => Random.Shared.NextDouble();

    /// <summary><paramref name="delay"/> scaled by a random factor in [1 - <paramref name="fraction"/>, 1 + <paramref name="fraction"/>).</summary>
    public static TimeSpan Spread(TimeSpan delay, double fraction) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (1 - fraction + (2 * fraction * NextUnit()))));
}
