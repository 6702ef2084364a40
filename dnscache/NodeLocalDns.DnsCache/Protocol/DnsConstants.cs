namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>Wire constants from RFC 1035 §4.1 and RFC 6891.</summary>
internal static class DnsConstants
{
    public const int HeaderLength = 12;

    /// <summary>RFC 1035 §2.3.4: a name is at most 255 octets on the wire.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Key = wire name + type + class + flag byte.</summary>
    public const int MaxKeyLength = MaxNameLength + 5;

    /// <summary>RFC 1035 §4.2.1: without EDNS a UDP message is at most 512 octets.</summary>
    public const int ClassicUdpSize = 512;

    /// <summary>The largest UDP answer we send, whatever the client advertises.</summary>
    public const int MaxUdpSize = 4096;

    /// <summary>The payload size we advertise upstream and to clients (DNS flag day 2020: avoids IP fragmentation).</summary>
    public const ushort AdvertisedUdpSize = 1232;

    /// <summary>The largest DNS message (TCP length prefix is 16 bits).</summary>
    public const int MaxMessageSize = 65535;

    public const ushort TypeA = 1;
    public const ushort TypeNs = 2;
    public const ushort TypeCname = 5;
    public const ushort TypeSoa = 6;
    public const ushort TypePtr = 12;
    public const ushort TypeHinfo = 13;
    public const ushort TypeMx = 15;
    public const ushort TypeTxt = 16;
    public const ushort TypeAaaa = 28;
    public const ushort TypeSrv = 33;
    public const ushort TypeOpt = 41;
    public const ushort TypeAny = 255;
    public const ushort ClassIn = 1;

    public const byte RcodeNoError = 0;
    public const byte RcodeFormErr = 1;
    public const byte RcodeServFail = 2;
    public const byte RcodeNxDomain = 3;
    public const byte RcodeNotImp = 4;
    public const byte RcodeRefused = 5;

    /// <summary>RFC 6891 §6.1.3: extended RCODE 16, upper 8 bits 1.</summary>
    public const byte ExtendedRcodeBadVers = 1;

    // Header flag bits, byte 2 and byte 3.
    public const byte FlagQr = 0x80;
    public const byte FlagAa = 0x04;
    public const byte FlagTc = 0x02;
    public const byte FlagRd = 0x01;
    public const byte FlagRa = 0x80;
    public const byte FlagAd = 0x20;
    public const byte FlagCd = 0x10;

    /// <summary>The DO bit in the OPT TTL field (RFC 3225).</summary>
    public const ushort EdnsDoBit = 0x8000;
}
