using System.Net;
using System.Net.Sockets;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>
/// The local IPs a NodeLocalDns without <c>spec.localIPs</c> gets: one per IP family of the kube-dns Service, so an
/// IPv6-only cluster gets an IPv6 address its pods can reach and a dual-stack cluster one of each.
/// </summary>
public static class LocalIpDefaults
{
    /// <summary>One default per family in <paramref name="families"/> (<c>IPv4</c>, <c>IPv6</c>, in the Service's order); IPv4 when none is known.</summary>
    public static IReadOnlyList<string> ForFamilies(IEnumerable<string>? families)
    {
        var result = (families ?? [])
            .Select(family => family switch
            {
                "IPv6" => NodeLocalDnsSpec.DefaultLocalIpv6,
                "IPv4" => NodeLocalDnsSpec.DefaultLocalIp,
                _ => null,
            })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return result.Count > 0 ? result : [NodeLocalDnsSpec.DefaultLocalIp];
    }

    /// <summary>The default for the family of <paramref name="clusterIp"/> (IPv4 when it is not an address).</summary>
    public static IReadOnlyList<string> ForClusterIp(string? clusterIp) => ForFamilies([FamilyOf(clusterIp) ?? "IPv4"]);

    /// <summary><c>IPv4</c> or <c>IPv6</c> as the Service API spells them, or null when <paramref name="ip"/> is not an address.</summary>
    public static string? FamilyOf(string? ip) =>
        IPAddress.TryParse(ip, out var address) ? address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4" : null;
}
