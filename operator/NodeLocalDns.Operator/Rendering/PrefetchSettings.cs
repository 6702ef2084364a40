namespace NodeLocalDns.Operator.Rendering;

/// <summary>CoreDNS cache <c>prefetch AMOUNT DURATION PERCENTAGE%</c>: refresh popular entries before they expire.</summary>
public sealed record PrefetchSettings(int Amount = 10, TimeSpan? Duration = null, int Percentage = 10);
