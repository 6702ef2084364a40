using System.ComponentModel;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.Api.Schema;
using YamlDotNet.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>What the admin asks for: how the node cache listens, where it reads CoreDNS's config, how it routes and caches, and how it runs.</summary>
[ValidationRule("!has(self.localIPs) || size(self.localIPs) < 2 || (self.localIPs[0].contains(':') != self.localIPs[1].contains(':'))", "two local IPs must be of different families (one IPv4, one IPv6)")]
public sealed class NodeLocalDnsSpec
{
    /// <summary>The link-local address the addon documents, and the node cache's default.</summary>
    public const string DefaultLocalIp = "169.254.20.10";

    [JsonPropertyName("localIPs")]
    [YamlMember(Alias = "localIPs", ApplyNamingConventions = false)]
    [Description("Link-local addresses the cache listens on (at most one per IP family).")]
    [ListItems(MinItems = 1, MaxItems = 2, Unique = true)]
    public List<string> LocalIps { get; set; } = [DefaultLocalIp];

    [JsonPropertyName("kubeDNSService")]
    [YamlMember(Alias = "kubeDNSService", ApplyNamingConventions = false)]
    [Description("The cluster DNS Service whose ClusterIP pods use; in iptables mode the cache answers on it too, and kube-dns-upstream copies its selector and ports.")]
    public NamespacedName KubeDnsService { get; set; } = NamespacedName.Of("kube-system", "kube-dns");

    [JsonPropertyName("namespace")]
    [Description("Namespace for the DaemonSet, its ConfigMap, ServiceAccount and Services.")]
    [DefaultValue("kube-system")]
    public string Namespace { get; set; } = "kube-system";

    [JsonPropertyName("kubeProxyMode")]
    [Description("kube-proxy's mode on the nodes. iptables and nftables: the cache also answers on the kube-dns ClusterIP, with NOTRACK rules (iptables, or its own nftables table) that keep kube-proxy's DNAT away, so kubelet's clusterDNS stays the kube-dns IP. ipvs: kube-ipvs0 holds the ClusterIP, so the cache answers only on the local IPs and kubelet's clusterDNS (--cluster-dns) must be set to the local IP, e.g. 169.254.20.10.")]
    [DefaultValue("iptables")]
    public KubeProxyMode KubeProxyMode { get; set; } = KubeProxyMode.Iptables;

    [JsonPropertyName("clusterDomain")]
    [Description("The cluster domain; by default read from CoreDNS's kubernetes plugin.")]
    public string? ClusterDomain { get; set; }

    [JsonPropertyName("stubDomains")]
    [Description("Where stub domains are read from and how they are routed.")]
    public StubDomainSource StubDomains { get; set; } = new();

    [JsonPropertyName("upstream")]
    [Description("Where names outside the cluster domain and the stub domains go.")]
    public UpstreamSpec Upstream { get; set; } = new();

    [JsonPropertyName("forceTCPToClusterDNS")]
    [YamlMember(Alias = "forceTCPToClusterDNS", ApplyNamingConventions = false)]
    [Description("Use TCP to CoreDNS (the addon does; avoids UDP loss and conntrack entries).")]
    [DefaultValue(true)]
    public bool ForceTcpToClusterDns { get; set; } = true;

    [JsonPropertyName("cache")]
    [Description("Cache sizes and TTLs.")]
    public CacheSpec Cache { get; set; } = new();

    [JsonPropertyName("daemon")]
    [Description("Image, resources and placement of the node cache pods.")]
    public DaemonSpec Daemon { get; set; } = new();

    [JsonPropertyName("ports")]
    [Description("Ports on the host network.")]
    public PortsSpec Ports { get; set; } = new();

    [JsonPropertyName("logLevel")]
    [Description("Normal logs errors; Debug logs every query.")]
    [DefaultValue("Normal")]
    public DaemonLogLevel LogLevel { get; set; } = DaemonLogLevel.Normal;
}
