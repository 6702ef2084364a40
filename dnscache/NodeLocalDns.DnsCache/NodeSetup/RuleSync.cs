namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>What one pass over the rules did: rules (re)added, duplicates or stale rules removed, and the first failure.</summary>
internal sealed record RuleSync(IReadOnlyList<DnsTrafficRule> Added, int Removed, SetupErrorType? ErrorType, string? Error)
{
    /// <summary>A pass that changed nothing and failed nowhere.</summary>
    public static RuleSync Unchanged { get; } = new([], 0, null, null);
}
