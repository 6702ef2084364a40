namespace NodeLocalDns.Corefile.Directives.Cache;

/// <summary>
/// <c>prefetch AMOUNT [DURATION [PERCENTAGE%]]</c>: an entry asked for at least <see cref="Amount"/> times
/// within <see cref="Duration"/> is refreshed from upstream when only <see cref="Percentage"/> % of its
/// TTL remains. CoreDNS's defaults: 1 query, 1 minute, 10 %.
/// </summary>
public sealed record PrefetchOptions(int Amount, TimeSpan Duration, int Percentage);
