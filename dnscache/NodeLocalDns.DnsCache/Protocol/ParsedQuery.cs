namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// What the hot path needs from a query, read straight from the wire without allocating: the header, the
/// question's extent (so the client's exact spelling can be echoed, RFC 1035 §7.3 / 0x20) and EDNS.
/// </summary>
internal struct ParsedQuery
{
    public ushort Id;
    public byte Flags2;
    public byte Flags3;
    public ushort QType;
    public ushort QClass;

    /// <summary>Offset just past QCLASS: bytes [12, QuestionEnd) are the question section.</summary>
    public int QuestionEnd;

    /// <summary>Length of the question name on the wire (uncompressed).</summary>
    public int NameLength;

    public bool HasOpt;
    public ushort UdpSize;
    public bool DnssecOk;
    public byte EdnsVersion;

    /// <summary>Length of the cache key written by <see cref="QueryParser.TryParse"/>.</summary>
    public int KeyLength;

    public readonly bool RecursionDesired => (Flags2 & DnsConstants.FlagRd) != 0;

    public readonly bool CheckingDisabled => (Flags3 & DnsConstants.FlagCd) != 0;

    public readonly bool AuthenticData => (Flags3 & DnsConstants.FlagAd) != 0;

    /// <summary>RFC 6891 §6.2.5: below 512 is treated as 512; we never send more than <see cref="DnsConstants.MaxUdpSize"/>.</summary>
    public readonly int MaxUdpResponse => HasOpt ? Math.Clamp((int)UdpSize, DnsConstants.ClassicUdpSize, DnsConstants.MaxUdpSize) : DnsConstants.ClassicUdpSize;
}
