using NodeLocalDns.Testing.Namespaces;

namespace NodeLocalDns.DnsCache.Tests.Support;

/// <summary>
/// A node of a cluster built from network namespaces the test owns, with real kernels doing the routing
/// and NAT: a <see cref="Pod"/> (10.244.0.2) whose default route is the <see cref="Node"/> (10.244.0.1,
/// forwarding), and a <see cref="Remote"/> namespace behind the node (10.0.2.2) holding the addresses of
/// CoreDNS's pod (10.0.2.2), a corporate stub-domain server (10.1.2.3) and the VPC resolver (10.0.9.2),
/// each answered by its own dnsmasq. kube-proxy is played by DNAT rules that send the kube-dns ClusterIP
/// (10.96.0.10) and kube-dns-upstream's (10.96.0.11) to CoreDNS's pod, written with iptables or nftables
/// as kube-proxy's mode would. The node's /etc/resolv.conf (what <c>ip netns exec</c> shows it) names
/// the VPC resolver.
/// </summary>
internal sealed class NodeLab : IAsyncDisposable
{
    public const string CoreDnsPod = "10.0.2.2";
    public const string CorpServer = "10.1.2.3";
    public const string VpcResolver = "10.0.9.2";
    public const string KubeDns = "10.96.0.10";
    public const string KubeDnsUpstream = "10.96.0.11";
    public const string LocalDns = "169.254.20.10";

    private readonly List<NamespacedProcess> _servers = [];
    private readonly string _resolvConfDirectory;

    private NodeLab(NetworkNamespace pod, NetworkNamespace node, NetworkNamespace remote)
    {
        Pod = pod;
        Node = node;
        Remote = remote;
        _resolvConfDirectory = Path.Combine("/etc/netns", node.Name);
    }

    public NetworkNamespace Pod { get; }

    public NetworkNamespace Node { get; }

    public NetworkNamespace Remote { get; }

    /// <summary>
    /// Builds the namespaces and starts the three DNS servers: CoreDNS answers <c>cluster.local</c> itself
    /// and sends other names to the VPC resolver (which knows <c>www.external.test</c>); the corporate server
    /// knows <c>some.corp</c>; each answer says who gave it. <paramref name="proxyMode"/> is
    /// <c>iptables</c> (legacy), <c>iptables-nft</c> or <c>nftables</c>.
    /// </summary>
    public static async Task<NodeLab> CreateAsync(string proxyMode)
    {
        var pod = await NetworkNamespace.CreateAsync("pod");
        var node = await NetworkNamespace.CreateAsync("node");
        var remote = await NetworkNamespace.CreateAsync("remote");
        var lab = new NodeLab(pod, node, remote);
        try
        {
            await node.ConnectAsync(pod, "10.244.0.1/24", "10.244.0.2/24");
            await node.ConnectAsync(remote, "10.0.2.1/24", "10.0.2.2/24");
            await pod.RunCheckedAsync("ip", "route", "add", "default", "via", "10.244.0.1");
            await remote.RunCheckedAsync("ip", "route", "add", "default", "via", "10.0.2.1");
            await node.RunCheckedAsync("ip", "route", "add", "default", "via", CoreDnsPod);
            // Per-namespace setting: the node routes pod traffic, as a real node does. The host's own stays as it is.
            await node.RunCheckedAsync("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            foreach (var address in new[] { CorpServer, VpcResolver })
            {
                await remote.RunCheckedAsync("ip", "addr", "add", $"{address}/32", "dev", "lo");
            }

            await lab.ProxyAsync(proxyMode);
            Directory.CreateDirectory(lab._resolvConfDirectory);
            await File.WriteAllTextAsync(Path.Combine(lab._resolvConfDirectory, "resolv.conf"), $"nameserver {VpcResolver}\n");

            lab.Serve(VpcResolver, "--address=/www.external.test/10.8.8.8", "--local=/");
            lab.Serve(CorpServer, "--address=/some.corp/10.1.2.100", "--local=/");
            lab.Serve(CoreDnsPod, "--address=/kubernetes.default.svc.cluster.local/10.96.0.1", "--local=/cluster.local/", $"--server={VpcResolver}");
            foreach (var server in new[] { VpcResolver, CorpServer, CoreDnsPod })
            {
                if (!await NodeDaemon.EventuallyAsync(
                    async () => (await remote.RunAsync("dig", $"@{server}", "probe.invalid", "+time=1", "+tries=1")).ExitCode == 0,
                    TimeSpan.FromSeconds(10)))
                {
                    throw new InvalidOperationException($"dnsmasq on {server} did not answer:\n{string.Join('\n', lab._servers.Select(s => s.Output))}");
                }
            }

            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (Directory.Exists(_resolvConfDirectory))
        {
            Directory.Delete(_resolvConfDirectory, recursive: true);
        }

        await Pod.DisposeAsync();
        await Node.DisposeAsync();
        await Remote.DisposeAsync();
    }

    // kube-proxy's DNAT of both Service IPs to CoreDNS's pod, for traffic from pods (PREROUTING) and from the node itself (OUTPUT).
    private async Task ProxyAsync(string mode)
    {
        if (mode == "nftables")
        {
            var rules = string.Join('\n', new[] { KubeDns, KubeDnsUpstream }
                .SelectMany(service => new[] { "udp", "tcp" }.Select(p => $"ip daddr {service} {p} dport 53 dnat to {CoreDnsPod}:53")));
            await Node.RunCheckedAsync(
                ["nft", "-f", "-"],
                $$"""
                table ip kube-proxy {
                    chain nat-prerouting {
                        type nat hook prerouting priority dstnat; policy accept;
                        {{rules}}
                    }
                    chain nat-output {
                        type nat hook output priority -100; policy accept;
                        {{rules}}
                    }
                }
                """);
            return;
        }

        var iptables = mode == "iptables-nft" ? "iptables-nft" : "iptables-legacy";
        // kubelet's hint chain tells the cache which backend the node uses.
        await Node.RunCheckedAsync(iptables, "-t", "mangle", "-N", mode == "iptables-nft" ? "KUBE-KUBELET-CANARY" : "KUBE-IPTABLES-HINT");
        foreach (var chain in new[] { "PREROUTING", "OUTPUT" })
        {
            foreach (var service in new[] { KubeDns, KubeDnsUpstream })
            {
                foreach (var protocol in new[] { "udp", "tcp" })
                {
                    await Node.RunCheckedAsync(iptables, "-t", "nat", "-A", chain, "-d", service, "-p", protocol, "--dport", "53",
                        "-j", "DNAT", "--to-destination", $"{CoreDnsPod}:53");
                }
            }
        }
    }

    private void Serve(string address, params string[] answers) =>
        _servers.Add(NamespacedProcess.Start(Remote, "/usr/sbin/dnsmasq",
        [
            "-k", "-C", "/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces", $"--listen-address={address}", "--port=53",
            "--user=root", $"--pid-file={Path.Combine(Path.GetTempPath(), $"dnsmasq-{Guid.NewGuid():N}.pid")}", "--log-queries", "--log-facility=-", .. answers,
        ]));
}
