using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// What the dnscache daemon runs: one <see cref="ServerConfig"/> per server block, in Corefile order.
/// Built by <see cref="DnsCacheConfigLoader"/>; immutable and compared by value, so a reload can tell
/// whether anything changed.
/// </summary>
public sealed record DnsCacheConfig(ValueList<ServerConfig> Servers)
{
    /// <summary>Every distinct (address, port) pair the servers listen on; a <c>null</c> address means all addresses.</summary>
    public IEnumerable<ListenEndpoint> ListenEndpoints =>
        Servers.SelectMany(s => s.ListenEndpoints).Distinct();
}
