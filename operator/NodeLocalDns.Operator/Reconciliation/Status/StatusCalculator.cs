using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Inputs;

namespace NodeLocalDns.Operator.Reconciliation.Status;

/// <summary>
/// Computes a NodeLocalDns status from what a reconcile observed, with the condition semantics of
/// OpenShift's DNS operator:
/// <list type="bullet">
/// <item><b>Available</b> is True iff the DaemonSet exists, has at least one available pod, and
/// kube-dns-upstream has a ClusterIP.</item>
/// <item><b>Progressing</b> is True while the Service has no ClusterIP, the DaemonSet is missing or not yet
/// observed, or fewer pods run the current template than are desired.</item>
/// <item><b>Degraded</b> is True for the rollout-independent problems (no kube-dns Service, an invalid spec,
/// a rejected rendered Corefile, a failed write, objects owned by another), and — only when not
/// Progressing — for no pods desired or available, or more unavailable pods than 10% of the desired ones.</item>
/// <item><b>ConfigValid</b> is False with the located error when the cluster's DNS config does not parse.</item>
/// </list>
/// Pure: the clock comes in as <c>now</c>.
/// </summary>
public static class StatusCalculator
{
    /// <summary>The new status, given the old one (for transition times).</summary>
    public static NodeLocalDnsStatus Compute(NodeLocalDnsStatus? previous, ObservedState observed, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var ds = observed.DaemonSet;
        var dsStatus = ds?.Status;
        var clusterIp = ClusterIp.Of(observed.UpstreamService);
        var desired = dsStatus?.DesiredNumberScheduled ?? 0;
        var available = dsStatus?.NumberAvailable ?? 0;
        var updated = dsStatus?.UpdatedNumberScheduled ?? 0;
        var ready = dsStatus?.NumberReady ?? 0;

        var unavailableReasons = new List<(string Reason, string Message)>();
        if (ds is null)
        {
            unavailableReasons.Add((ConditionReasons.NoDaemonSet, "the DaemonSet does not exist"));
        }
        else if (available == 0)
        {
            unavailableReasons.Add((ConditionReasons.NoDaemonSetPods, "no node-cache pod is available"));
        }

        if (clusterIp is null)
        {
            unavailableReasons.Add((ConditionReasons.NoService, "kube-dns-upstream has no ClusterIP"));
        }

        var progressing = new List<string>();
        if (clusterIp is null)
        {
            progressing.Add("waiting for kube-dns-upstream's ClusterIP");
        }

        if (ds is null)
        {
            progressing.Add("the DaemonSet is being created");
        }
        else
        {
            if ((dsStatus?.ObservedGeneration ?? 0) < (ds.Metadata?.Generation ?? 0))
            {
                progressing.Add("the DaemonSet controller has not yet seen the latest spec");
            }
            else if (updated < desired)
            {
                progressing.Add($"{updated} of {desired} nodes run the current config");
            }

            if (observed.ConfigChanged)
            {
                progressing.Add("the node-cache config changed; pods are rolling");
            }
        }

        // Blocked by an install the operator will not touch: nothing is under way until someone acts.
        var isProgressing = progressing.Count > 0 && observed.ForeignInstall is null && observed.OwnershipConflict is null;
        var degraded = new List<(string Reason, string Message)>();
        if (observed.ClusterDnsIp is null)
        {
            degraded.Add((ConditionReasons.NoKubeDnsService, "the kube-dns Service is missing or has no ClusterIP"));
        }

        AddIf(degraded, observed.SpecError, ConditionReasons.InvalidSpec);
        AddIf(degraded, observed.RenderError, ConditionReasons.RenderedConfigRejected);
        AddIf(degraded, observed.ApplyError, ConditionReasons.ApplyFailed);
        AddIf(degraded, observed.OwnershipConflict, ConditionReasons.OwnedByAnother);
        AddIf(degraded, observed.ForeignInstall, ConditionReasons.ForeignInstall);
        AddIf(degraded, observed.DeletionBlocked, ConditionReasons.DeletionBlocked);
        if (!isProgressing && ds is not null && observed.ForeignInstall is null)
        {
            // Only a settled rollout can be judged: during one, missing pods are expected.
            var maxUnavailable = (int)Math.Ceiling(desired * 0.1);
            if (desired == 0)
            {
                degraded.Add((ConditionReasons.NoPodsDesired, "no node is selected to run the cache"));
            }
            else if (available == 0)
            {
                degraded.Add((ConditionReasons.NoDaemonSetPods, "no node-cache pod is available"));
            }
            else if (desired - available > maxUnavailable)
            {
                degraded.Add((ConditionReasons.MaxUnavailableExceeded, $"{desired - available} of {desired} nodes have no available pod (more than 10%)"));
            }
        }

        var conditions = previous?.Conditions.Select(Clone).ToList() ?? [];
        conditions = Conditions.Set(conditions, Condition(ConditionTypes.Available, unavailableReasons.Count == 0,
            unavailableReasons.Count == 0 ? ConditionReasons.AsExpected : Reason(unavailableReasons),
            unavailableReasons.Count == 0 ? $"{available} of {desired} nodes have an available node cache." : Message(unavailableReasons),
            observed.Generation), now);
        conditions = Conditions.Set(conditions, Condition(ConditionTypes.Progressing, isProgressing,
            isProgressing ? ConditionReasons.Reconciling
            : observed.ForeignInstall is not null ? ConditionReasons.ForeignInstall
            : observed.OwnershipConflict is not null ? ConditionReasons.OwnedByAnother
            : ConditionReasons.AsExpected,
            isProgressing ? string.Join("; ", progressing) + "."
            : observed.ForeignInstall is not null || observed.OwnershipConflict is not null
                ? "Nothing is rolled out while another node cache holds the namespace (see Degraded)."
            : "The node cache runs the current config on every node.", observed.Generation), now);
        conditions = Conditions.Set(conditions, Condition(ConditionTypes.Degraded, degraded.Count > 0,
            degraded.Count == 0 ? ConditionReasons.AsExpected : Reason(degraded),
            degraded.Count == 0 ? "Nothing is wrong." : Message(degraded), observed.Generation), now);
        conditions = Conditions.Set(conditions, Condition(ConditionTypes.ConfigValid, observed.ConfigError is null,
            observed.ConfigError is null ? ConditionReasons.AsExpected : ConditionReasons.InvalidClusterDnsConfig,
            observed.ConfigError is null
                ? $"The cluster's DNS config was read: {observed.StubDomains.Count} stub domain(s), {observed.ConfigWarnings.Count} warning(s)."
                : $"{observed.ConfigError} The last good node-cache config keeps serving.", observed.Generation), now);

        return new NodeLocalDnsStatus
        {
            ObservedGeneration = observed.Generation,
            Conditions = [.. conditions.OrderBy(c => Array.IndexOf(Order, c.Type))],
            StubDomains = [.. observed.StubDomains],
            StubDomainCount = observed.StubDomains.Count,
            Zones = [.. observed.Zones],
            ZoneCount = observed.Zones.Count,
            CoreDnsVersion = observed.CoreDnsVersion,
            LocalIps = [.. observed.LocalIps],
            ClusterDnsIp = observed.ClusterDnsIp,
            UpstreamIp = clusterIp,
            Nodes = ds is null ? null : new NodeCounts { Desired = desired, Updated = updated, Ready = ready, Available = available },
            ReadyNodes = ds is null ? null : $"{ready}/{desired}",
            ConfigHash = observed.ConfigHash,
            Warnings = [.. observed.ConfigWarnings],
        };
    }

    private static readonly string[] Order = [ConditionTypes.Available, ConditionTypes.Progressing, ConditionTypes.Degraded, ConditionTypes.ConfigValid];

    private static void AddIf(List<(string, string)> list, string? message, string reason)
    {
        if (message is not null)
        {
            list.Add((reason, message));
        }
    }

    private static string Reason(List<(string Reason, string Message)> reasons) =>
        reasons.Count == 1 ? reasons[0].Reason : ConditionReasons.DegradedConditions;

    private static string Message(List<(string Reason, string Message)> reasons) =>
        string.Join("; ", reasons.Select(r => r.Message.TrimEnd('.'))) + ".";

    private static V1Condition Condition(string type, bool status, string reason, string message, long generation) => new()
    {
        Type = type,
        Status = status ? "True" : "False",
        Reason = reason,
        Message = message,
        ObservedGeneration = generation,
    };

    private static V1Condition Clone(V1Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        ObservedGeneration = c.ObservedGeneration,
        LastTransitionTime = c.LastTransitionTime,
    };
}
