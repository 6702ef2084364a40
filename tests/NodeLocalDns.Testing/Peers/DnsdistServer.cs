using System.Net;

namespace NodeLocalDns.Testing.Peers;

/// <summary>dnsdist on 127.0.0.1 with a packet cache, forwarding to an upstream (a benchmark peer).</summary>
public sealed class DnsdistServer : PeerProcess
{
    private DnsdistServer()
        : base("dnsdist")
    {
    }

    public static async Task<DnsdistServer> StartAsync(IPEndPoint upstream, int cacheEntries = 200000)
    {
        var server = new DnsdistServer();
        try
        {
            var config = $$"""
                setLocal('127.0.0.1:{{server.Port}}')
                newServer({address='{{upstream.Address}}:{{upstream.Port}}', checkName='www.example.test.'})
                pc = newPacketCache({{cacheEntries}}, {maxTTL=86400, minTTL=0, temporaryFailureTTL=5, staleTTL=60})
                getPool(''):setCache(pc)
                setSecurityPollSuffix('')
                """;
            var file = Path.Combine(server.Directory, "dnsdist.conf");
            await File.WriteAllTextAsync(file, config).ConfigureAwait(false);
            await server.StartProcessAsync("/usr/bin/dnsdist", ["--supervised", "--disable-syslog", "-C", file], "www.example.test",
                TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
