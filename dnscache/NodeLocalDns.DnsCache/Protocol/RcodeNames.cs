namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>Names of RCODEs and types as CoreDNS prints them in metrics and logs (miekg/dns's tables).</summary>
internal static class RcodeNames
{
    private static readonly string[] Rcodes =
        [
            "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
            "RCODE11", "RCODE12", "RCODE13", "RCODE14", "RCODE15", "BADVERS",
        ];

    private static readonly Dictionary<ushort, string> Types = new()
    {
        [1] = "A",
        [2] = "NS",
        [5] = "CNAME",
        [6] = "SOA",
        [12] = "PTR",
        [13] = "HINFO",
        [15] = "MX",
        [16] = "TXT",
        [28] = "AAAA",
        [33] = "SRV",
        [35] = "NAPTR",
        [41] = "OPT",
        [43] = "DS",
        [46] = "RRSIG",
        [47] = "NSEC",
        [48] = "DNSKEY",
        [52] = "TLSA",
        [64] = "SVCB",
        [65] = "HTTPS",
        [252] = "AXFR",
        [251] = "IXFR",
        [255] = "ANY",
        [257] = "CAA",
    };

    /// <summary>The types CoreDNS's metrics name; every other type is counted as "other".</summary>
    public static readonly ushort[] MetricTypes = [1, 28, 5, 12, 15, 16, 33, 6, 2, 65, 64, 255, 43, 48, 35, 252, 251];

    public static string Name(byte rcode) => rcode < Rcodes.Length ? Rcodes[rcode] : $"RCODE{rcode}";

    public static string TypeName(ushort type) => Types.TryGetValue(type, out var name) ? name : $"TYPE{type}";

    public static int MetricTypeIndex(ushort type)
    {
        var i = Array.IndexOf(MetricTypes, type);
        return i < 0 ? MetricTypes.Length : i;
    }

    public static string MetricTypeName(int index) => index < MetricTypes.Length ? TypeName(MetricTypes[index]) : "other";
}
