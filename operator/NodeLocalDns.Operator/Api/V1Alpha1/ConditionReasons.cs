namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>The reasons conditions carry (CamelCase tokens, stable for alerts).</summary>
public static class ConditionReasons
{
    /// <summary>Nothing to report.</summary>
    public const string AsExpected = "AsExpected";

    /// <summary>A reconcile or rollout is under way.</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>The DaemonSet does not exist.</summary>
    public const string NoDaemonSet = "NoDaemonSet";

    /// <summary>The DaemonSet has no available pod.</summary>
    public const string NoDaemonSetPods = "NoDaemonSetPods";

    /// <summary>No node should run the cache.</summary>
    public const string NoPodsDesired = "NoPodsDesired";

    /// <summary>More nodes lack an available pod than the rollout allows.</summary>
    public const string MaxUnavailableExceeded = "MaxUnavailableExceeded";

    /// <summary>kube-dns-upstream has no ClusterIP.</summary>
    public const string NoService = "NoService";

    /// <summary>The kube-dns Service is missing or has no ClusterIP.</summary>
    public const string NoKubeDnsService = "NoKubeDnsService";

    /// <summary>CoreDNS's Corefile (or kube-dns JSON) does not parse.</summary>
    public const string InvalidClusterDnsConfig = "InvalidClusterDnsConfig";

    /// <summary>The rendered Corefile was refused by the daemon's config loader.</summary>
    public const string RenderedConfigRejected = "RenderedConfigRejected";

    /// <summary>The spec cannot give a working node cache.</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>Writing a child object failed.</summary>
    public const string ApplyFailed = "ApplyFailed";

    /// <summary>Another NodeLocalDns already owns the node cache's objects.</summary>
    public const string OwnedByAnother = "OwnedByAnother";

    /// <summary>A NodeLocal DNSCache this operator did not create runs in the namespace; the message says how to migrate.</summary>
    public const string ForeignInstall = "ForeignInstall";

    /// <summary>The NodeLocalDns is being deleted, which would stop DNS for every pod; the operator waits for the confirmation annotation.</summary>
    public const string DeletionBlocked = "DeletionBlocked";

    /// <summary>Several problems; the message lists them.</summary>
    public const string DegradedConditions = "DegradedConditions";
}
