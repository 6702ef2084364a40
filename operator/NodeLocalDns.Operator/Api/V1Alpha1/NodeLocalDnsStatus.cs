using System.Text.Json.Serialization;
using k8s.Models;
using YamlDotNet.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>What the operator did and what is wrong, for <c>kubectl get/describe nodelocaldns</c>.</summary>
public sealed class NodeLocalDnsStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Available, Progressing, Degraded, ConfigValid.</summary>
    [JsonPropertyName("conditions")]
    public List<V1Condition> Conditions { get; set; } = [];

    [JsonPropertyName("stubDomains")]
    public List<StubDomainStatus> StubDomains { get; set; } = [];

    /// <summary>How many stub domains are in use (for the printer column).</summary>
    [JsonPropertyName("stubDomainCount")]
    public int StubDomainCount { get; set; }

    [JsonPropertyName("localIPs")]
    [YamlMember(Alias = "localIPs", ApplyNamingConventions = false)]
    public List<string> LocalIps { get; set; } = [];

    [JsonPropertyName("clusterDNSIP")]
    [YamlMember(Alias = "clusterDNSIP", ApplyNamingConventions = false)]
    public string? ClusterDnsIp { get; set; }

    /// <summary>The kube-dns-upstream ClusterIP the cache reaches CoreDNS through.</summary>
    [JsonPropertyName("upstreamIP")]
    [YamlMember(Alias = "upstreamIP", ApplyNamingConventions = false)]
    public string? UpstreamIp { get; set; }

    /// <summary>Node counts from the DaemonSet.</summary>
    [JsonPropertyName("nodes")]
    public NodeCounts? Nodes { get; set; }

    /// <summary>"ready/desired" for the printer column.</summary>
    [JsonPropertyName("readyNodes")]
    public string? ReadyNodes { get; set; }

    /// <summary>SHA-256 of the rendered Corefile in use.</summary>
    [JsonPropertyName("configHash")]
    public string? ConfigHash { get; set; }

    /// <summary>Every zone of the cluster's DNS config and how the node cache routes it.</summary>
    [JsonPropertyName("zones")]
    public List<ZoneStatus> Zones { get; set; } = [];

    /// <summary>How many zones are routed (for the printer column).</summary>
    [JsonPropertyName("zoneCount")]
    public int ZoneCount { get; set; }

    /// <summary>The CoreDNS release the config was checked against, and why that one.</summary>
    [JsonPropertyName("coreDNSVersion")]
    [YamlMember(Alias = "coreDNSVersion", ApplyNamingConventions = false)]
    public string? CoreDnsVersion { get; set; }

    /// <summary>Warnings from reading the cluster's DNS config.</summary>
    [JsonPropertyName("warnings")]
    public List<string> Warnings { get; set; } = [];
}
