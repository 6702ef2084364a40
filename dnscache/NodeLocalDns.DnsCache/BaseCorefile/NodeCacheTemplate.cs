using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace NodeLocalDns.DnsCache.BaseCorefile;

/// <summary>
/// node-cache's run-time rendering of its <c>Corefile.base</c> (its <c>configmap.go</c>, <c>updateCorefile</c>),
/// for clusters that run this image in the stock addon manifest: the placeholders the manifest's <c>sed</c>
/// left for the cache are filled in, and kube-dns <c>stubDomains</c> become server blocks. Where node-cache
/// only warns and writes a Corefile that cannot work (<c>&lt;nil&gt;</c> for a missing upstream Service), this
/// is an error that says what to fix.
/// </summary>
internal static partial class NodeCacheTemplate
{
    /// <summary>Replaced by the local IPs, space separated.</summary>
    public const string LocalDns = "__PILLAR__LOCAL__DNS__";

    /// <summary>Left over in the template when the manifest did not put the kube-dns IP there; removed.</summary>
    public const string DnsServer = "__PILLAR__DNS__SERVER__";

    /// <summary>Replaced by the ClusterIP of <c>-upstreamsvc</c>.</summary>
    public const string ClusterDns = "__PILLAR__CLUSTER__DNS__";

    /// <summary>Replaced by kube-dns's upstreamNameservers, or <c>/etc/resolv.conf</c>.</summary>
    public const string UpstreamServers = "__PILLAR__UPSTREAM__SERVERS__";

    // node-cache rewrites exactly this block to plain UDP when custom upstreams are configured.
    private const string UpstreamTcpBlock = "\n    forward . __PILLAR__UPSTREAM__SERVERS__ {\n            force_tcp\n    }\n";
    private const string UpstreamUdpBlock = "\n    forward . __PILLAR__UPSTREAM__SERVERS__\n";

    /// <summary>The environment variable kubelet sets for a Service (<c>kube-dns-upstream</c> → <c>KUBE_DNS_UPSTREAM_SERVICE_HOST</c>).</summary>
    public static string ServiceHostVariable(string service) => service.Replace('-', '_').ToUpperInvariant() + "_SERVICE_HOST";

    /// <summary>Renders <paramref name="template"/>.</summary>
    /// <param name="template">The base Corefile.</param>
    /// <param name="kubeDns">The kube-dns ConfigMap's settings.</param>
    /// <param name="localIps">The <c>-localip</c> addresses.</param>
    /// <param name="dnsPort">The <c>-dns.port</c> (stub blocks listen on it).</param>
    /// <param name="upstreamService">The <c>-upstreamsvc</c> name, for messages.</param>
    /// <param name="clusterDnsIp">The value of its <c>_SERVICE_HOST</c> variable, if set.</param>
    /// <exception cref="FormatException">The template needs a ClusterIP that is not known, or a placeholder is left.</exception>
    public static string Render(string template, KubeDnsSettings kubeDns, IReadOnlyList<IPAddress> localIps, int dnsPort,
        string upstreamService, string? clusterDnsIp)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(kubeDns);
        var text = template;
        if (kubeDns.UpstreamNameservers.Count == 0)
        {
            text = text.Replace(UpstreamServers, "/etc/resolv.conf", StringComparison.Ordinal);
        }
        else
        {
            var servers = string.Join(' ', kubeDns.UpstreamNameservers);
            text = text
                .Replace(UpstreamTcpBlock, UpstreamUdpBlock.Replace(UpstreamServers, servers, StringComparison.Ordinal), StringComparison.Ordinal)
                .Replace(UpstreamServers, servers, StringComparison.Ordinal);
        }

        if (text.Contains(ClusterDns, StringComparison.Ordinal))
        {
            var variable = ServiceHostVariable(upstreamService);
            if (string.IsNullOrEmpty(clusterDnsIp) || !IPAddress.TryParse(clusterDnsIp, out var ip))
            {
                throw new FormatException(string.IsNullOrEmpty(clusterDnsIp)
                    ? $"the base Corefile uses {ClusterDns} but ${variable} is not set: the Service '{upstreamService}' (-upstreamsvc) " +
                        "must exist before the pod starts, since kubelet sets that variable at pod creation; create it and restart the pod"
                    : $"${variable} is '{clusterDnsIp}', not an IP address");
            }

            text = text.Replace(ClusterDns, ip.ToString(), StringComparison.Ordinal);
        }

        var local = string.Join(' ', localIps);
        text = text.Replace(LocalDns, local, StringComparison.Ordinal).Replace(DnsServer, string.Empty, StringComparison.Ordinal);
        if (Placeholder().Match(text) is { Success: true } leftover)
        {
            var line = text[..leftover.Index].Count(c => c == '\n') + 1;
            throw new FormatException(
                $"line {line}: placeholder {leftover.Value} is not one node-cache fills in at run time; " +
                "the manifest must substitute it (e.g. __PILLAR__DNS__DOMAIN__ with the cluster domain)");
        }

        var output = new StringBuilder(text);
        foreach (var (domain, servers) in kubeDns.StubDomains)
        {
            output.Append(
                CultureInfo.InvariantCulture,
                $"\n{domain}:{dnsPort} {{\n    errors\n    cache 30\n    bind {local}\n    forward . {string.Join(' ', servers)}\n}}\n");
        }

        return output.ToString();
    }

    [GeneratedRegex("__PILLAR__[A-Z_]*__")]
    private static partial Regex Placeholder();
}
