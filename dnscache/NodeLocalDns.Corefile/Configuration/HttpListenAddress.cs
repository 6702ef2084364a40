using System.Net;

namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// Where an HTTP endpoint (health, ready, metrics) listens: <c>:8080</c> (all addresses),
/// <c>169.254.20.10:8080</c>, <c>[::1]:8080</c> or <c>localhost:9153</c>. <see cref="Host"/> is <c>null</c>
/// for all addresses; <c>localhost</c> is kept as written and means the loopback addresses.
/// </summary>
public sealed record HttpListenAddress(string? Host, int Port)
{
    /// <summary>The addresses to bind: any (IPv6 dual-stack), loopback, or the one given.</summary>
    public IPAddress BindAddress => Host switch
    {
        null => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.Parse(Host),
    };

    /// <inheritdoc />
    public override string ToString() => Host switch
    {
        null => $":{Port}",
        _ when Host.Contains(':', StringComparison.Ordinal) => $"[{Host}]:{Port}",
        _ => $"{Host}:{Port}",
    };
}
