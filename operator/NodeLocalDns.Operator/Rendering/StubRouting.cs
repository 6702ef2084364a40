namespace NodeLocalDns.Operator.Rendering;

/// <summary>Where the node cache sends a stub domain's queries.</summary>
public enum StubRouting
{
    /// <summary>Straight to the stub domain's own servers, as kube-dns's stubDomains did.</summary>
    Direct,

    /// <summary>To cluster DNS (kube-dns-upstream), so CoreDNS applies its own configuration for the zone.</summary>
    ViaClusterDns,
}
