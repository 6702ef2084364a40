namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>The status condition types, with the semantics OpenShift's DNS operator gives them.</summary>
public static class ConditionTypes
{
    /// <summary>True when the DaemonSet has at least one available pod and kube-dns-upstream has a ClusterIP.</summary>
    public const string Available = "Available";

    /// <summary>True while a rollout or a first reconcile is under way.</summary>
    public const string Progressing = "Progressing";

    /// <summary>True when something is wrong that is not a rollout in progress.</summary>
    public const string Degraded = "Degraded";

    /// <summary>False when the cluster's DNS config (CoreDNS Corefile, kube-dns JSON) could not be read; the last good config keeps serving.</summary>
    public const string ConfigValid = "ConfigValid";
}
