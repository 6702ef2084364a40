using k8s.Models;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>
/// Which CoreDNS release the cluster runs, read from the image tag of its Deployment: <c>coredns</c> in the kube-dns
/// Service's namespace, else the Deployment whose pods that Service selects (RKE2's <c>rke2-coredns-rke2-coredns</c>). The
/// config is validated against that release; without one, the newest known is assumed and the reason says why. Pure.
/// </summary>
public static class CoreDnsRelease
{
    /// <summary>The name kubeadm, EKS, AKS, k3s and kops give CoreDNS's Deployment.</summary>
    public const string DeploymentName = "coredns";

    /// <summary>The release and why, from <paramref name="deployments"/> (those of the kube-dns Service's namespace).</summary>
    public static (CoreDnsVersion Version, string Reason) From(V1Service? kubeDns, IReadOnlyList<V1Deployment> deployments, string kubeDnsNamespace)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        var selector = kubeDns?.Spec?.Selector;
        var deployment = deployments.FirstOrDefault(d => d.Metadata?.Name == DeploymentName)
            ?? deployments.FirstOrDefault(d => selector is { Count: > 0 } && d.Spec?.Template?.Metadata?.Labels is { } labels && selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value));
        if (deployment is null)
        {
            return (CoreDnsVersion.Newest, $"no CoreDNS Deployment was found ({kubeDnsNamespace}/{DeploymentName}, or one whose pods the kube-dns Service selects), so the newest release known here is assumed");
        }

        var id = $"{deployment.Metadata.NamespaceProperty ?? kubeDnsNamespace}/{deployment.Metadata.Name}";
        var images = deployment.Spec?.Template?.Spec?.Containers?.Select(c => c.Image).Where(i => i is not null).ToList() ?? [];
        foreach (var image in images)
        {
            if (CoreDnsVersion.TryFromImage(image, out var version))
            {
                return version > CoreDnsVersion.Newest
                    ? (version, $"the image {image} of Deployment {id}; that release is newer than the newest known here ({CoreDnsVersion.Newest}), whose rules are used")
                    : (version, $"the image {image} of Deployment {id}");
            }
        }

        return (CoreDnsVersion.Newest, $"Deployment {id} runs {(images.Count == 0 ? "no container" : string.Join(", ", images))}, whose tag names no CoreDNS release, so the newest known here is assumed");
    }
}
