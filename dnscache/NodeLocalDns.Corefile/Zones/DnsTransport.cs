namespace NodeLocalDns.Corefile.Zones;

/// <summary>The transports a CoreDNS server block can listen on, named by their key prefix.</summary>
public enum DnsTransport
{
    /// <summary><c>dns://</c> (the default): plain DNS over UDP and TCP, port 53.</summary>
    Dns,

    /// <summary><c>tls://</c>: DNS over TLS (RFC 7858), port 853.</summary>
    Tls,

    /// <summary><c>quic://</c>: DNS over QUIC (RFC 9250), port 853.</summary>
    Quic,

    /// <summary><c>grpc://</c>: CoreDNS's gRPC transport, port 443.</summary>
    Grpc,

    /// <summary><c>https://</c>: DNS over HTTPS (RFC 8484), port 443.</summary>
    Https,

    /// <summary><c>https3://</c>: DNS over HTTP/3, port 443.</summary>
    Https3,
}
