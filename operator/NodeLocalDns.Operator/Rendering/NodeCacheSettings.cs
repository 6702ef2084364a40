using System.Net;
using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Rendering;

/// <summary>Everything besides the cluster's DNS config that decides the node-cache Corefile.</summary>
public sealed record NodeCacheSettings
{
    /// <summary>Addresses the cache listens on for pods (link-local, one per IP family).</summary>
    public IReadOnlyList<string> LocalIps { get; init; } = [NodeLocalDnsSpec.DefaultLocalIp];

    /// <summary>The kube-dns Service's ClusterIP (<c>__PILLAR__DNS__SERVER__</c>), bound too in iptables and nftables mode.</summary>
    public required string ClusterDnsIp { get; init; }

    /// <summary>The kube-dns-upstream Service's ClusterIP (<c>__PILLAR__CLUSTER__DNS__</c>): how the cache reaches CoreDNS.</summary>
    public required string UpstreamIp { get; init; }

    /// <summary>kube-proxy's mode.</summary>
    public KubeProxyMode KubeProxyMode { get; init; } = KubeProxyMode.Iptables;

    /// <summary>Where stub domains go.</summary>
    public StubRouting StubRouting { get; init; } = StubRouting.Direct;

    /// <summary>Where other names go.</summary>
    public UpstreamMode UpstreamMode { get; init; } = UpstreamMode.ClusterDns;

    /// <summary>The servers for <see cref="UpstreamMode.Servers"/>; empty means CoreDNS's own root upstreams.</summary>
    public IReadOnlyList<string> UpstreamServers { get; init; } = [];

    /// <summary>The DNS port the cache listens on.</summary>
    public int Port { get; init; } = 53;

    /// <summary>Cache sizes and TTLs.</summary>
    public CacheSettings Cache { get; init; } = new();

    /// <summary>Use TCP to cluster DNS (the addon does: fewer conntrack entries and no UDP loss to CoreDNS).</summary>
    public bool ForceTcpToClusterDns { get; init; } = true;

    /// <summary>Use TCP for names sent outside the cluster (the root block).</summary>
    public bool ForceTcpToUpstream { get; init; }

    /// <summary>The <c>/health</c> port, on the first local IP.</summary>
    public int HealthPort { get; init; } = 8080;

    /// <summary>
    /// How long a stopping daemon keeps serving after it stopped being ready (<c>health { lameduck }</c>, as
    /// CoreDNS's own Deployment uses): the time for a surge replacement to take over its queries.
    /// </summary>
    public TimeSpan Lameduck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>/ready</c> port on the first local IP, or <c>null</c> for none.</summary>
    public int? ReadyPort { get; init; } = 8181;

    /// <summary>The Prometheus port.</summary>
    public int MetricsPort { get; init; } = 9253;

    /// <summary>
    /// The host part of the Prometheus address: an IP (bracketed for IPv6), <see cref="NodeIpPlaceholder"/> (bracketed on
    /// IPv6 clusters), or null for every address.
    /// </summary>
    public string? MetricsHost { get; init; }

    /// <summary>The environment variable the DaemonSet fills with the pod's <c>status.hostIP</c>, the node's address.</summary>
    public const string NodeIpVariable = "NODE_IP";

    /// <summary>The Corefile placeholder the daemon replaces with <see cref="NodeIpVariable"/> when it loads the file.</summary>
    public const string NodeIpPlaceholder = "{$" + NodeIpVariable + "}";

    /// <summary>
    /// <see cref="MetricsHost"/> for <paramref name="address"/>: the node IP placeholder (in brackets when the cluster's
    /// primary family, that of <paramref name="clusterDnsIp"/>, is IPv6), the first local IP, or every address.
    /// </summary>
    public static string? MetricsHostFor(MetricsAddress address, IReadOnlyList<string> localIps, string clusterDnsIp)
    {
        ArgumentNullException.ThrowIfNull(localIps);
        static bool IsV6(string ip) => IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        return address switch
        {
            MetricsAddress.NodeIp => IsV6(clusterDnsIp) ? $"[{NodeIpPlaceholder}]" : NodeIpPlaceholder,
            MetricsAddress.LocalIp when localIps.Count > 0 => IsV6(localIps[0]) ? $"[{localIps[0]}]" : localIps[0],
            _ => null,
        };
    }

    /// <summary>Log every query (<c>log</c>); for debugging only.</summary>
    public bool LogQueries { get; init; }

    /// <summary>The addresses the cache binds in this mode.</summary>
    public IReadOnlyList<string> BindAddresses =>
        KubeProxyMode.BindsClusterDnsIp() ? [.. LocalIps, ClusterDnsIp] : LocalIps;

    /// <summary>What is wrong with these settings, as sentences; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (LocalIps.Count == 0)
        {
            problems.Add("at least one local IP is needed.");
        }

        foreach (var ip in LocalIps.Append(ClusterDnsIp).Append(UpstreamIp))
        {
            if (!IPAddress.TryParse(ip, out _))
            {
                problems.Add($"'{ip}' is not an IP address.");
            }
        }

        if (KubeProxyMode.BindsClusterDnsIp() && UpstreamIp == ClusterDnsIp)
        {
            problems.Add($"in {KubeProxyMode.ToString().ToLowerInvariant()} mode the cache answers on the kube-dns IP {ClusterDnsIp} " +
                "itself, so it must reach CoreDNS through another IP (the kube-dns-upstream Service); " +
                $"forwarding to {UpstreamIp} would loop.");
        }

        foreach (var (name, port) in new[] { ("port", Port), ("health port", HealthPort), ("metrics port", MetricsPort), ("ready port", ReadyPort ?? 1) })
        {
            if (port is < 1 or > 65535)
            {
                problems.Add($"the {name} {port} is outside 1-65535.");
            }
        }

        if (UpstreamMode == UpstreamMode.Servers
            && UpstreamServers.Any(s => !ClusterDns.UpstreamAddress.TryNormalize(s, out var usable, out _)
                || usable.StartsWith("tls://", StringComparison.Ordinal)))
        {
            problems.Add($"the upstream servers ({string.Join(", ", UpstreamServers)}) must be IP addresses with optional ports " +
                "(the node cache does not speak DNS over TLS).");
        }

        return problems;
    }
}
