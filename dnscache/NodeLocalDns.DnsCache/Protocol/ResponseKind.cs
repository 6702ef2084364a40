namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>How a response is cached (CoreDNS's response.Classify, reduced to what the cache needs).</summary>
internal enum ResponseKind
{
    /// <summary>NOERROR with answers: the success cache.</summary>
    Success,

    /// <summary>NXDOMAIN or NODATA with an SOA (RFC 2308): the denial cache.</summary>
    Denial,

    /// <summary>SERVFAIL: cached only briefly.</summary>
    ServFail,

    /// <summary>Anything else (REFUSED, FORMERR, a denial without SOA, truncated): passed on, never cached.</summary>
    Uncacheable,
}
