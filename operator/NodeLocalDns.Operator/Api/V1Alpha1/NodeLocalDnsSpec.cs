using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.Api.Schema;
using YamlDotNet.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>What the admin asks for: how the node cache listens, where it reads CoreDNS's config, how it routes and caches, and how it runs.</summary>
[ValidationRule("!has(self.localIPs) || size(self.localIPs) < 2 || (self.localIPs[0].contains(':') != self.localIPs[1].contains(':'))",
    "two local IPs must be of different families (one IPv4, one IPv6)")]
public sealed class NodeLocalDnsSpec
{
    /// <summary>The link-local address the addon documents, and the node cache's default on IPv4 clusters.</summary>
    public const string DefaultLocalIp = "169.254.20.10";

    /// <summary>The node cache's default on IPv6 clusters: a unique local address, as Gardener uses (IPv6 has no link-local range a pod can reach).</summary>
    public const string DefaultLocalIpv6 = "fd00:3456:789a:1::1";

    /// <summary>An IPv4 or IPv6 address, written for CEL's RE2 and .NET alike (no escapes: <c>[.]</c> is a dot).</summary>
    public const string IpAddressPattern =
        "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])[.]){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$"
        + "|^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}"
        + "|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}"
        + "|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}"
        + "|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}|:((:[0-9a-fA-F]{1,4}){1,7}|:))$";

    [JsonPropertyName("localIPs")]
    [YamlMember(Alias = "localIPs", ApplyNamingConventions = false)]
    [Description("Addresses the cache listens on, at most one per IP family. Default: one per IP family of the kube-dns Service, " +
        "169.254.20.10 for IPv4 and fd00:3456:789a:1::1 for IPv6 (status.localIPs shows what is used).")]
    [ListItems(MinItems = 1, MaxItems = 2, Unique = true, ItemMaxLength = 45)]
    [ValidationRule("self.all(ip, ip.matches('" + IpAddressPattern + "'))",
        "every local IP must be an IPv4 or IPv6 address, such as 169.254.20.10 or fd00:3456:789a:1::1")]
    public List<string>? LocalIps { get; set; }

    [JsonPropertyName("kubeDNSService")]
    [YamlMember(Alias = "kubeDNSService", ApplyNamingConventions = false)]
    [Description("The cluster DNS Service whose ClusterIP pods use; in iptables mode the cache answers on it too, " +
        "and kube-dns-upstream copies its selector and ports.")]
    public NamespacedName KubeDnsService { get; set; } = NamespacedName.Of("kube-system", "kube-dns");

    [JsonPropertyName("namespace")]
    [Description("Namespace for the DaemonSet, its ConfigMap, ServiceAccount and Services. " +
        "Immutable: a node cache in two namespaces would bind the same addresses twice; " +
        "delete the NodeLocalDns and create it again to move it.")]
    [DefaultValue("kube-system")]
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    [StringLength(63)]
    [ValidationRule("self == oldSelf", "namespace is immutable: delete the NodeLocalDns and create it again to move the node cache")]
    public string Namespace { get; set; } = "kube-system";

    [JsonPropertyName("adoptExistingObjects")]
    [Description("Take over objects with the node cache's names in spec.namespace that this NodeLocalDns did not create " +
        "(a node cache installed by hand from the addon manifest): the operator replaces their content and becomes their owner. " +
        "Objects that another controller, the addon manager (mode Reconcile), Helm or kops manage are never taken over: " +
        "their manager would put its copy back. " +
        "Default false: such an install is reported in the Degraded condition with the steps to migrate, and left alone.")]
    [DefaultValue(false)]
    public bool AdoptExistingObjects { get; set; }

    [JsonPropertyName("kubeProxyMode")]
    [Description("kube-proxy's mode on the nodes. " +
        "iptables and nftables: the cache also answers on the kube-dns ClusterIP, with NOTRACK rules " +
        "(iptables, or its own nftables table) that keep kube-proxy's DNAT away, so kubelet's clusterDNS stays the kube-dns IP. " +
        "ipvs: kube-ipvs0 holds the ClusterIP, so the cache answers only on the local IPs " +
        "and kubelet's clusterDNS (--cluster-dns) must be set to the local IP, e.g. 169.254.20.10.")]
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

    [JsonPropertyName("metricsAddress")]
    [Description("Where the Prometheus endpoint (ports.metrics) listens. " +
        "NodeIP (default): the node's own address, where Prometheus reaches a host-network pod through the headless metrics Service. " +
        "LocalIP: the first local IP, for a scraper on the node itself. " +
        "AllAddresses: every address of the host, as the addon's prometheus :9253 (kubernetes/dns#542).")]
    [DefaultValue("NodeIP")]
    public MetricsAddress MetricsAddress { get; set; } = MetricsAddress.NodeIp;

    [JsonPropertyName("logLevel")]
    [Description("Normal logs errors; Debug logs every query.")]
    [DefaultValue("Normal")]
    public DaemonLogLevel LogLevel { get; set; } = DaemonLogLevel.Normal;
}
