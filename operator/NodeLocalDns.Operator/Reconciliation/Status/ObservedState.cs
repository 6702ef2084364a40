using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;

namespace NodeLocalDns.Operator.Reconciliation.Status;

/// <summary>What a reconcile saw and did, from which the status is computed (pure inputs to <see cref="StatusCalculator"/>).</summary>
public sealed record ObservedState
{
    /// <summary>The NodeLocalDns generation reconciled.</summary>
    public long Generation { get; init; }

    /// <summary>The DaemonSet as it now is, or null when it does not exist.</summary>
    public V1DaemonSet? DaemonSet { get; init; }

    /// <summary>The kube-dns-upstream Service as it now is, or null.</summary>
    public V1Service? UpstreamService { get; init; }

    /// <summary>The kube-dns ClusterIP, or null when the Service is missing or headless.</summary>
    public string? ClusterDnsIp { get; init; }

    /// <summary>The located error when the cluster's DNS config could not be read; null when it was.</summary>
    public string? ConfigError { get; init; }

    /// <summary>Warnings from reading the cluster's DNS config.</summary>
    public IReadOnlyList<string> ConfigWarnings { get; init; } = [];

    /// <summary>Why the spec cannot work, or null.</summary>
    public string? SpecError { get; init; }

    /// <summary>Why the daemon's loader refused the rendered Corefile, or null.</summary>
    public string? RenderError { get; init; }

    /// <summary>Why writing a child failed, or null.</summary>
    public string? ApplyError { get; init; }

    /// <summary>Which objects another owner controls, or null.</summary>
    public string? OwnershipConflict { get; init; }

    /// <summary>Why a deletion waits for its confirmation, or null.</summary>
    public string? DeletionBlocked { get; init; }

    /// <summary>A node cache this NodeLocalDns did not create, with the migration path, or null. Nothing is written while it stands.</summary>
    public string? ForeignInstall { get; init; }

    /// <summary>The stub domains in use.</summary>
    public IReadOnlyList<StubDomainStatus> StubDomains { get; init; } = [];

    /// <summary>Every zone and how the node cache routes it.</summary>
    public IReadOnlyList<ZoneStatus> Zones { get; init; } = [];

    /// <summary>The CoreDNS release the config was checked against, and why.</summary>
    public string? CoreDnsVersion { get; init; }

    /// <summary>The local IPs.</summary>
    public IReadOnlyList<string> LocalIps { get; init; } = [];

    /// <summary>The hash of the Corefile in use.</summary>
    public string? ConfigHash { get; init; }

    /// <summary>Whether the Corefile was just changed by this reconcile (a rollout starts).</summary>
    public bool ConfigChanged { get; init; }
}
