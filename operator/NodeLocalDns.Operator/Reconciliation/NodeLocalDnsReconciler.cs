using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Reconciliation.Apply;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Reconciliation.Inputs;
using NodeLocalDns.Operator.Reconciliation.Status;

namespace NodeLocalDns.Operator.Reconciliation;

/// <summary>
/// Reconciles one NodeLocalDns into a running, correctly configured node cache, in four phases.
/// <list type="number">
/// <item><b>Observe</b> (<see cref="ReconcileInputs"/>): the NodeLocalDns, the kube-dns Service and the cluster's DNS
/// ConfigMaps its spec names (<see cref="SpecInputs"/>, which the watches mirror), the DNS config read from them, and
/// the children as they are.</item>
/// <item><b>Desire</b> (<see cref="DesiredState"/>, pure): the Corefile rendered for the two ClusterIPs and checked
/// by the daemon's own loader, and every child built from it (<see cref="ChildObjectBuilder"/>).</item>
/// <item><b>Apply</b> (<see cref="ChildApplier"/>), in order: the ServiceAccount and <c>kube-dns-upstream</c>, whose
/// ClusterIP the Corefile forwards to (the desired state is computed again when the server has just allocated it);
/// then the ConfigMap with the Corefile, the DaemonSet (the Corefile's hash on its pod template, so a change rolls the
/// pods) and the headless metrics Service.</item>
/// <item><b>Report</b> (<see cref="StatusCalculator"/>): the status, written only if it changed, and an event when
/// the NodeLocalDns becomes degraded.</item>
/// </list>
/// <para><b>Guarantees:</b> level-triggered and idempotent; an unchanged cluster causes no write at all.
/// A Corefile that does not parse sets ConfigValid=False with its located error and leaves the node
/// cache on the last good config (kept in memory, or the ConfigMap as it is after a restart).</para>
/// <para><b>Caveats:</b> deletion is left to garbage collection through controller owner references.</para>
/// <para><b>Errors:</b> a failed write is rethrown after the status says what failed, so the key is retried
/// with backoff; an unusable spec is reported and not retried until the spec changes.</para>
/// </summary>
public sealed partial class NodeLocalDnsReconciler(
    IClusterReader reader,
    IChildWriter writer,
    IEventRecorder events,
    TimeProvider time,
    ILogger<NodeLocalDnsReconciler> logger) : IReconciler
{
    private readonly ChildApplier _applier = new(writer, reader);
    private readonly ConcurrentDictionary<string, ClusterDnsConfig> _lastGood = new(StringComparer.Ordinal);

    /// <summary>How soon to look again while waiting for something only the API server provides (a ClusterIP).</summary>
    public static TimeSpan WaitInterval { get; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var inputs = await ObserveAsync(key.Name, cancellationToken).ConfigureAwait(false);
        if (inputs is null)
        {
            // Children go with their owner through garbage collection; forget what we remembered.
            _lastGood.TryRemove(key.Name, out _);
            return ReconcileResult.Done;
        }

        var owner = inputs.Owner;
        var observed = new ObservedState
        {
            Generation = owner.Metadata.Generation ?? 0,
            LocalIps = inputs.LocalIps,
            ClusterDnsIp = inputs.ClusterDnsIp,
            ConfigError = inputs.ClusterDnsError,
            ConfigWarnings = inputs.ClusterDns?.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).Select(d => $"{d.Source}: {d.Message}").ToList() ?? [],
        };
        var desired = DesiredState.Compute(inputs, ClusterIp.Of(inputs.Live.UpstreamService));
        try
        {
            var (upstream, conflicts) = await ApplyServiceAccountAndUpstreamAsync(owner, desired.Children, inputs.Live, cancellationToken).ConfigureAwait(false);
            observed = observed with { UpstreamService = upstream, OwnershipConflict = conflicts };
            if (ClusterIp.Of(upstream) != desired.UpstreamIp)
            {
                // The server allocated the ClusterIP just now (the Service is new, or was re-created): the Corefile
                // forwards to it.
                desired = DesiredState.Compute(inputs, ClusterIp.Of(upstream));
            }

            observed = desired.Report(observed);
            observed = desired.Children.NodeCache is { } nodeCache
                ? await ApplyNodeCacheAsync(owner, nodeCache, inputs.Live, observed, cancellationToken).ConfigureAwait(false)
                : observed with { DaemonSet = inputs.Live.DaemonSet };
        }
        catch (HttpOperationException e) when (!cancellationToken.IsCancellationRequested)
        {
            observed = observed with { ApplyError = $"{(int?)e.Response?.StatusCode} {e.Response?.ReasonPhrase}: {Truncate(e.Response?.Content)}" };
            await ReportAsync(owner, observed, cancellationToken).ConfigureAwait(false);
            throw;
        }

        await ReportAsync(owner, observed, cancellationToken).ConfigureAwait(false);
        return observed.SpecError is not null ? ReconcileResult.Done
            : desired.WaitingForClusterIps ? ReconcileResult.After(WaitInterval)
            : ReconcileResult.Done;
    }

    private async Task<ReconcileInputs?> ObserveAsync(string name, CancellationToken cancellationToken)
    {
        var cached = await reader.NodeLocalDnsAsync(name, cancellationToken).ConfigureAwait(false);
        if (cached is null || cached.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        // The reader may hand out the informer's cached object; never change that in place.
        var owner = KubernetesJson.Deserialize<V1Alpha1NodeLocalDns>(KubernetesJson.Serialize(cached));
        var spec = owner.Spec ?? new NodeLocalDnsSpec();
        owner.Spec = spec;

        var (kubeDnsNamespace, kubeDnsName) = SpecInputs.KubeDnsService(spec);
        var kubeDns = await reader.ServiceAsync(kubeDnsNamespace, kubeDnsName, cancellationToken).ConfigureAwait(false);
        var (config, configError) = await ReadClusterDnsAsync(owner, cancellationToken).ConfigureAwait(false);
        var ns = spec.Namespace;
        var live = new LiveChildren(
            await reader.ServiceAccountAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false),
            await reader.ServiceAsync(ns, ChildNames.KubeDnsUpstream, cancellationToken).ConfigureAwait(false),
            await reader.ConfigMapAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false),
            await reader.DaemonSetAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false),
            await reader.ServiceAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false));
        return new ReconcileInputs { Owner = owner, KubeDnsService = kubeDns, ClusterDns = config, ClusterDnsError = configError, Live = live };
    }

    private async Task<(ClusterDnsConfig? Config, string? Error)> ReadClusterDnsAsync(V1Alpha1NodeLocalDns owner, CancellationToken cancellationToken)
    {
        var read = new Dictionary<(string, string), V1ConfigMap?>();
        foreach (var configMap in SpecInputs.ConfigMaps(owner.Spec))
        {
            if (!read.ContainsKey(configMap))
            {
                read[configMap] = await reader.ConfigMapAsync(configMap.Namespace, configMap.Name, cancellationToken).ConfigureAwait(false);
            }
        }

        var source = owner.Spec.StubDomains;
        var coreDns = read[(source.CoreDnsConfigMap.Namespace, source.CoreDnsConfigMap.Name)];
        var kubeDns = read[(source.KubeDnsConfigMap.Namespace, source.KubeDnsConfigMap.Name)];
        var mounted = new List<MountedConfigMap>();
        foreach (var custom in source.CustomConfigMaps)
        {
            if (read[(custom.Namespace, custom.Name)] is { } found)
            {
                mounted.Add(new MountedConfigMap(Data(found), custom.MountPath));
            }
        }

        var inputs = new ClusterDnsInputs
        {
            CoreDns = coreDns is null ? null : Data(coreDns),
            KubeDns = kubeDns is null ? null : Data(kubeDns),
            Mounted = mounted,
            ClusterDomain = owner.Spec.ClusterDomain,
        };
        try
        {
            var config = NodeCacheSettingsFactory.WithExtraZones(ClusterDnsReader.Read(inputs), owner.Spec.StubDomains.ExtraZones);
            if (coreDns is null)
            {
                config = config with { Diagnostics = [.. config.Diagnostics, new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.InputIgnored, $"CoreDNS ConfigMap {source.CoreDnsConfigMap} was not found; only the other sources are used.", source.CoreDnsConfigMap.ToString())] };
            }

            if (Conditions.Find(owner.Status?.Conditions, ConditionTypes.ConfigValid) is { Status: "False" })
            {
                await events.NormalAsync(owner, "ConfigValid", "the cluster's DNS config is readable again.", cancellationToken).ConfigureAwait(false);
            }

            _lastGood[owner.Metadata.Name] = config;
            return (config, null);
        }
        catch (CorefileException e)
        {
            var message = $"{(coreDns is null ? string.Empty : source.CoreDnsConfigMap + ": ")}{e.Message}";
            if (Conditions.Find(owner.Status?.Conditions, ConditionTypes.ConfigValid) is not { Status: "False" } previous || previous.Message?.StartsWith(message, StringComparison.Ordinal) != true)
            {
                await events.WarningAsync(owner, ConditionReasons.InvalidClusterDnsConfig, message, cancellationToken).ConfigureAwait(false);
            }

            LogInvalidConfig(logger, owner.Metadata.Name, message);
            return (_lastGood.GetValueOrDefault(owner.Metadata.Name), message);
        }
    }

    private async Task<(V1Service Upstream, string? Conflicts)> ApplyServiceAccountAndUpstreamAsync(V1Alpha1NodeLocalDns owner, ChildObjects desired, LiveChildren live, CancellationToken cancellationToken)
    {
        var (_, serviceAccount) = await ApplyAsync(owner, desired.ServiceAccount, live.ServiceAccount, cancellationToken).ConfigureAwait(false);
        var (upstream, upstreamOutcome) = await ApplyAsync(owner, desired.UpstreamService, live.UpstreamService, cancellationToken).ConfigureAwait(false);
        return (upstream, Join(Conflict(serviceAccount, "ServiceAccount " + ChildNames.NodeLocalDns), Conflict(upstreamOutcome, "Service " + ChildNames.KubeDnsUpstream)));
    }

    private async Task<ObservedState> ApplyNodeCacheAsync(V1Alpha1NodeLocalDns owner, NodeCacheObjects desired, LiveChildren live, ObservedState observed, CancellationToken cancellationToken)
    {
        var previousHash = live.Corefile is { } previous ? ConfigHash.Of(previous) : null;
        var (_, configMap) = await ApplyAsync(owner, desired.ConfigMap, live.ConfigMap, cancellationToken).ConfigureAwait(false);
        var (daemonSet, daemonSetOutcome) = await ApplyAsync(owner, desired.DaemonSet, live.DaemonSet, cancellationToken).ConfigureAwait(false);
        var (_, metrics) = await ApplyAsync(owner, desired.MetricsService, live.MetricsService, cancellationToken).ConfigureAwait(false);
        observed = observed with
        {
            DaemonSet = daemonSetOutcome == ApplyOutcome.OwnedByAnother ? null : daemonSet,
            ConfigHash = desired.ConfigHash,
            ConfigChanged = previousHash is not null && previousHash != desired.ConfigHash,
            OwnershipConflict = Join(observed.OwnershipConflict,
                Conflict(configMap, "ConfigMap " + ChildNames.NodeLocalDns),
                Conflict(daemonSetOutcome, "DaemonSet " + ChildNames.NodeLocalDns),
                Conflict(metrics, "Service " + ChildNames.NodeLocalDns)),
        };
        if (configMap == ApplyOutcome.Updated)
        {
            await events.NormalAsync(owner, "ConfigUpdated", $"node-cache Corefile updated ({observed.StubDomains.Count} stub domain(s)), hash {desired.ConfigHash[..12]}; the pods reload it in place.", cancellationToken).ConfigureAwait(false);
        }

        return observed;
    }

    private async Task<(T Object, ApplyOutcome Outcome)> ApplyAsync<T>(V1Alpha1NodeLocalDns owner, T desired, T? live, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (outcome, applied) = await _applier.ApplyAsync(owner, desired, live, cancellationToken).ConfigureAwait(false);
        if (outcome is ApplyOutcome.Created or ApplyOutcome.Updated)
        {
            LogApplied(logger, desired.Kind, desired.Metadata.NamespaceProperty, desired.Metadata.Name, outcome);
            if (outcome == ApplyOutcome.Created)
            {
                await events.NormalAsync(owner, "Created", $"Created {desired.Kind} {desired.Metadata.NamespaceProperty}/{desired.Metadata.Name}.", cancellationToken).ConfigureAwait(false);
            }
        }

        return (applied, outcome);
    }

    private async Task ReportAsync(V1Alpha1NodeLocalDns owner, ObservedState observed, CancellationToken cancellationToken)
    {
        var status = StatusCalculator.Compute(owner.Status, observed, time.GetUtcNow().UtcDateTime);
        if (owner.Status is not null && KubernetesJson.Serialize(owner.Status) == KubernetesJson.Serialize(status))
        {
            return;
        }

        var degradedBefore = Conditions.IsTrue(owner.Status?.Conditions, ConditionTypes.Degraded);
        owner.Status = status;
        await writer.ReplaceStatusAsync(owner, cancellationToken).ConfigureAwait(false);
        if (!degradedBefore && Conditions.Find(status.Conditions, ConditionTypes.Degraded) is { Status: "True" } degraded)
        {
            await events.WarningAsync(owner, degraded.Reason, degraded.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ConfigMapData Data(V1ConfigMap configMap) =>
        new(configMap.Metadata.NamespaceProperty, configMap.Metadata.Name, configMap.Data is { } data ? new Dictionary<string, string>(data) : new Dictionary<string, string>());

    private static string? Conflict(ApplyOutcome outcome, string what) =>
        outcome == ApplyOutcome.OwnedByAnother ? $"{what} is controlled by another owner" : null;

    private static string? Join(params string?[] parts) =>
        parts.Where(p => p is not null).Distinct().ToList() is { Count: > 0 } list ? string.Join("; ", list) : null;

    private static string Truncate(string? text) => text is null ? string.Empty : text.Length > 300 ? text[..300] + "..." : text;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Kind} {Namespace}/{Name} was {Outcome}")]
    private static partial void LogApplied(ILogger logger, string kind, string @namespace, string name, ApplyOutcome outcome);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "NodeLocalDns {Name}: the cluster's DNS config cannot be read, keeping the last good config: {Error}")]
    private static partial void LogInvalidConfig(ILogger logger, string name, string error);
}
