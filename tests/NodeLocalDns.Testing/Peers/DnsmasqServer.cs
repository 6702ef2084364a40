using System.Net;

namespace NodeLocalDns.Testing.Peers;

/// <summary>dnsmasq on 127.0.0.1 as a forwarding cache in front of an upstream.</summary>
public sealed class DnsmasqServer : PeerProcess
{
    private DnsmasqServer()
        : base("dnsmasq")
    {
    }

    /// <param name="upstream">Where it forwards.</param>
    /// <param name="cacheSize">Its cache's entries.</param>
    /// <param name="logQueries">
    /// Log every query it receives, the name spelt as it arrived, to its <see cref="PeerProcess.Output"/> (<c>query[A] wWw.example.test from 127.0.0.1</c>).
    /// </param>
    public static async Task<DnsmasqServer> StartAsync(IPEndPoint upstream, int cacheSize = 10000, bool logQueries = false)
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
                .. logQueries ? (string[])["--log-queries", "--log-facility=-"] : [],
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
