using System.Net;

namespace NodeLocalDns.DnsCache.BaseCorefile;

/// <summary>
/// What <see cref="BaseCorefileSync"/> renders from and to (node-cache's <c>-basecorefile</c>, <c>-kubednscm</c>,
/// <c>-upstreamsvc</c>, <c>-localip</c>, <c>-dns.port</c>, <c>-conf</c>).
/// </summary>
internal sealed record BaseCorefileSettings(
    string BaseCorefile,
    string? KubeDnsDirectory,
    string UpstreamService,
    IReadOnlyList<IPAddress> LocalIps,
    int DnsPort,
    string ConfigPath);
