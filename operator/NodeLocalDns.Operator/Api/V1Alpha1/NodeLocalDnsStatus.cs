using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;
using NodeLocalDns.Operator.Api.Schema;
using YamlDotNet.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>What the operator did and what is wrong, for <c>kubectl get/describe nodelocaldns</c>.</summary>
public sealed class NodeLocalDnsStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation of the spec this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Available, Progressing, Degraded and ConfigValid, one of each (keyed by type).")]
    [ListItems(MapKeys = ["type"])]
    public List<V1Condition> Conditions { get; set; } = [];

    [JsonPropertyName("stubDomains")]
    [Description("The stub domains the node cache serves, where each was configured, and where it sends them.")]
    public List<StubDomainStatus> StubDomains { get; set; } = [];

    [JsonPropertyName("stubDomainCount")]
    [Description("How many stub domains are in use (for the printer column).")]
    public int StubDomainCount { get; set; }

    [JsonPropertyName("localIPs")]
    [YamlMember(Alias = "localIPs", ApplyNamingConventions = false)]
    [Description("The addresses the cache listens on: spec.localIPs, or the default chosen for the kube-dns Service's IP families.")]
    public List<string> LocalIps { get; set; } = [];

    [JsonPropertyName("clusterDNSIP")]
    [YamlMember(Alias = "clusterDNSIP", ApplyNamingConventions = false)]
    [Description("The kube-dns Service's ClusterIP; in iptables and nftables mode the cache answers on it too.")]
    public string? ClusterDnsIp { get; set; }

    [JsonPropertyName("upstreamIP")]
    [YamlMember(Alias = "upstreamIP", ApplyNamingConventions = false)]
    [Description("The kube-dns-upstream ClusterIP the cache reaches CoreDNS through.")]
    public string? UpstreamIp { get; set; }

    [JsonPropertyName("nodes")]
    [Description("Node counts from the DaemonSet.")]
    public NodeCounts? Nodes { get; set; }

    [JsonPropertyName("readyNodes")]
    [Description("\"ready/desired\" nodes, for the printer column.")]
    public string? ReadyNodes { get; set; }

    [JsonPropertyName("configHash")]
    [Description("SHA-256 of the rendered Corefile in use.")]
    public string? ConfigHash { get; set; }

    [JsonPropertyName("zones")]
    [Description("Every zone of the cluster's DNS config and how the node cache routes it.")]
    public List<ZoneStatus> Zones { get; set; } = [];

    [JsonPropertyName("zoneCount")]
    [Description("How many zones are routed (for the printer column).")]
    public int ZoneCount { get; set; }

    [JsonPropertyName("coreDNSVersion")]
    [YamlMember(Alias = "coreDNSVersion", ApplyNamingConventions = false)]
    [Description("The CoreDNS release the config was checked against, and why that one.")]
    public string? CoreDnsVersion { get; set; }

    [JsonPropertyName("warnings")]
    [Description("Warnings from reading the cluster's DNS config, each with where it comes from.")]
    public List<string> Warnings { get; set; } = [];
}
