namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>Why forwarding gave no response.</summary>
internal enum ForwardOutcome
{
    Answered,

    /// <summary><c>max_concurrent</c> reached: answer REFUSED, as CoreDNS does.</summary>
    Rejected,

    /// <summary>No upstream answered in time: SERVFAIL, or a stale answer.</summary>
    Failed,
}
