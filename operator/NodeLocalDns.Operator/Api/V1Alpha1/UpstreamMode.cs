using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>Where the node cache sends names outside the cluster domain and the stub domains.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpstreamMode>))]
public enum UpstreamMode
{
    /// <summary>
    /// Through cluster DNS (CoreDNS): every plugin CoreDNS runs keeps applying (stub domains, hosts,
    /// rewrites, templates). The default, and the fix for the stock cache's silent bypass.
    /// </summary>
    [JsonStringEnumMemberName("ClusterDNS")]
    ClusterDns,

    /// <summary>The node's <c>/etc/resolv.conf</c>, as the stock addon does; CoreDNS sees cluster names only.</summary>
    [JsonStringEnumMemberName("ResolvConf")]
    ResolvConf,

    /// <summary>Explicit servers (or, when none are given, CoreDNS's own root upstreams).</summary>
    [JsonStringEnumMemberName("Servers")]
    Servers,
}
