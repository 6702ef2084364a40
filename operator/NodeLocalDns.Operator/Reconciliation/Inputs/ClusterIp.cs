using k8s.Models;

namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>A Service's usable ClusterIP: none while it is missing, unallocated or headless.</summary>
public static class ClusterIp
{
    /// <summary>The ClusterIP of <paramref name="service"/>, or null.</summary>
    public static string? Of(V1Service? service) =>
        service?.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None" ? ip : null;
}
