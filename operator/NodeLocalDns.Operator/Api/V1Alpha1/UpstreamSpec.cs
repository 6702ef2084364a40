using System.ComponentModel;
using System.Text.Json.Serialization;
using NodeLocalDns.Operator.Api.Schema;
using YamlDotNet.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>Where names outside the cluster domain and the stub domains go.</summary>
[ValidationRule("self.mode == 'Servers' || !has(self.servers) || size(self.servers) == 0", "servers are only used with mode Servers")]
public sealed class UpstreamSpec
{
    [JsonPropertyName("mode")]
    [Description("ClusterDNS (default): through CoreDNS, so every CoreDNS plugin keeps applying. " +
        "ResolvConf: the node's /etc/resolv.conf (the stock addon). " +
        "Servers: the servers below, or CoreDNS's own root upstreams when empty.")]
    [DefaultValue("ClusterDNS")]
    public UpstreamMode Mode { get; set; } = UpstreamMode.ClusterDns;

    [JsonPropertyName("servers")]
    [Description("Upstream servers (IP or IP:port) for mode Servers.")]
    [ListItems(MaxItems = 15)]
    public List<string> Servers { get; set; } = [];

    [JsonPropertyName("forceTCP")]
    [YamlMember(Alias = "forceTCP", ApplyNamingConventions = false)]
    [Description("Use TCP for names sent outside the cluster.")]
    [DefaultValue(false)]
    public bool ForceTcp { get; set; }
}
