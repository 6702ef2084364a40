using System.Net;

namespace NodeLocalDns.Testing.Peers;

/// <summary>
/// unbound on 127.0.0.1 as a caching stub resolver in front of an authoritative upstream (the reference for
/// differential tests and benchmarks). unbound's built-in local zones for special-use names (RFC 6761
/// <c>test.</c>) are switched off for the zone's TLD, or it would answer NXDOMAIN itself.
/// </summary>
public sealed class UnboundResolver : PeerProcess
{
    private UnboundResolver()
        : base("unbound")
    {
    }

    /// <param name="upstream">The authoritative server.</param>
    /// <param name="zone">The zone it serves.</param>
    /// <param name="threads">unbound's num-threads.</param>
    /// <param name="extraZones">More zones served by the same upstream.</param>
    public static async Task<UnboundResolver> StartAsync(IPEndPoint upstream, string zone = "example.test", int threads = 1,
        IReadOnlyList<string>? extraZones = null)
    {
        var server = new UnboundResolver();
        try
        {
            var config = $"""
                server:
                    interface: 127.0.0.1@{server.Port}
                    port: {server.Port}
                    do-daemonize: no
                    chroot: ""
                    username: ""
                    directory: "{server.Directory}"
                    pidfile: ""
                    use-syslog: no
                    logfile: ""
                    verbosity: 0
                    num-threads: {threads}
                    do-ip6: no
                    do-not-query-localhost: no
                    module-config: "iterator"
                    qname-minimisation: no
                    access-control: 127.0.0.0/8 allow
                    msg-cache-size: 64m
                    rrset-cache-size: 128m
                    domain-insecure: "{zone}"
                    local-zone: "{zone}" nodefault
                    local-zone: "{zone.Split('.')[^1]}." nodefault
                {string.Join("\n", (extraZones ?? []).Select(z => $"    local-zone: \"{z.Split('.')[^1]}.\" nodefault\n    domain-insecure: \"{z}\""))}
                stub-zone:
                    name: "{zone}"
                    stub-addr: {upstream.Address}@{upstream.Port}
                {string.Join("\n", (extraZones ?? []).Select(z => $"stub-zone:\n    name: \"{z}\"\n    stub-addr: {upstream.Address}@{upstream.Port}"))}
                """;
            var file = Path.Combine(server.Directory, "unbound.conf");
            await File.WriteAllTextAsync(file, config).ConfigureAwait(false);
            await server.StartProcessAsync("/usr/sbin/unbound", ["-d", "-c", file], "www." + zone, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
