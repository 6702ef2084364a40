namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>What to do with an incoming packet.</summary>
internal enum ParseResult
{
    /// <summary>A well-formed standard query.</summary>
    Ok,

    /// <summary>Unusable (short header, or a response): drop silently, never answer (no reflection).</summary>
    Drop,

    /// <summary>Malformed after a readable header: answer FORMERR.</summary>
    FormErr,

    /// <summary>An opcode other than QUERY: answer NOTIMP.</summary>
    NotImp,

    /// <summary>An EDNS version we do not speak: answer BADVERS (RFC 6891 §6.1.3).</summary>
    BadVers,
}
