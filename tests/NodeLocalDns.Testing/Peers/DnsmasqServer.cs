using System.Net;

namespace NodeLocalDns.Testing.Peers;

/// <summary>dnsmasq on 127.0.0.1 as a forwarding cache in front of an upstream.</summary>
public sealed class DnsmasqServer : PeerProcess
{
    private DnsmasqServer()
        : base("dnsmasq")
    {
    }

    public static async Task<DnsmasqServer> StartAsync(IPEndPoint upstream, int cacheSize = 10000)
    {
        var server = new DnsmasqServer();
        try
        {
            string[] args =
            [
                "-k", "-C", "/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces",
                "--listen-address=127.0.0.1", $"--port={server.Port}", $"--server={upstream.Address}#{upstream.Port}",
                $"--cache-size={cacheSize}", $"--pid-file={Path.Combine(server.Directory, "dnsmasq.pid")}", "--user=root",
                "--dns-forward-max=1000",
            ];
            await server.StartProcessAsync("/usr/sbin/dnsmasq", args, "www.example.test", TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
