using k8s;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// Finds the API server the way kubectl and client-go do: an explicit kubeconfig, else the in-cluster
/// service account, else <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.
/// </summary>
public static class KubernetesClientFactory
{
    /// <summary>The client configuration.</summary>
    public static KubernetesClientConfiguration Configuration(string? kubeconfig) =>
        kubeconfig is not null ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)
        : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
        : KubernetesClientConfiguration.BuildConfigFromConfigFile(
            Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } path ? path.Split(':')[0] : null);
}
