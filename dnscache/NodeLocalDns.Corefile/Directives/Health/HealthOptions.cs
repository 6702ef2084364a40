using NodeLocalDns.Corefile.Configuration;
namespace NodeLocalDns.Corefile.Directives.Health;

/// <summary>
/// <c>health [ADDRESS] [{ lameduck DURATION }]</c>: HTTP <c>/health</c> answering 200 <c>OK</c> while the
/// process runs (default <c>:8080</c>). On shutdown the listener stays up for the lame-duck duration.
/// </summary>
public sealed record HealthOptions(HttpListenAddress Address, TimeSpan Lameduck);
