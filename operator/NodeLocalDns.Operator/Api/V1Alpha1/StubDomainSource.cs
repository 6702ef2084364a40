using System.ComponentModel;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.Api.Schema;
using YamlDotNet.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>Where stub domains come from and how they are routed.</summary>
public sealed class StubDomainSource
{
    [JsonPropertyName("coreDNSConfigMap")]
    [YamlMember(Alias = "coreDNSConfigMap", ApplyNamingConventions = false)]
    [Description("CoreDNS's ConfigMap; its 'Corefile' key is read, and its other keys act as files under /etc/coredns.")]
    public NamespacedName CoreDnsConfigMap { get; set; } = NamespacedName.Of("kube-system", "coredns");

    [JsonPropertyName("customConfigMaps")]
    [Description("ConfigMaps CoreDNS mounts and imports (AKS, k3s: coredns-custom at /etc/coredns/custom). A missing one is ignored.")]
    [ListItems(MaxItems = 16)]
    public List<CustomConfigMapReference> CustomConfigMaps { get; set; } = [new() { Name = "coredns-custom" }];

    [JsonPropertyName("kubeDNSConfigMap")]
    [YamlMember(Alias = "kubeDNSConfigMap", ApplyNamingConventions = false)]
    [Description("The legacy kube-dns ConfigMap (stubDomains and upstreamNameservers JSON). A missing one is ignored.")]
    public NamespacedName KubeDnsConfigMap { get; set; } = NamespacedName.Of("kube-system", "kube-dns");

    [JsonPropertyName("extraZones")]
    [Description("Stub domains to add besides those read from CoreDNS; a zone CoreDNS also configures keeps CoreDNS's servers.")]
    [ListItems(MaxItems = 1000)]
    public List<ExtraZone> ExtraZones { get; set; } = [];

    [JsonPropertyName("routing")]
    [Description("Direct: the node cache forwards a stub domain to its own servers. ViaClusterDNS: to CoreDNS, which applies its own config.")]
    [DefaultValue("Direct")]
    public StubRouting Routing { get; set; } = StubRouting.Direct;
}
