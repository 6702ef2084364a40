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
/// A Corefile that does not parse, or that the CoreDNS release the cluster runs (read from its Deployment's image)
/// would refuse to load, sets ConfigValid=False with its located error and leaves the node cache on the last good
/// config (kept in memory, or the ConfigMap as it is after a restart).</para>
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
    private readonly ChildApplier _applier = new(writer);
    private readonly ConcurrentDictionary<string, ClusterDnsConfig> _lastGood = new(StringComparer.Ordinal);

    // Each NodeLocalDns's last status write, by name: the resourceVersion it was written over and the object as stored.
    // The informer's copy lags behind the operator's own write (the ConfigMap written in the same reconcile wakes the
    // next one before the status event arrives); written from that copy, the next status would carry the old
    // resourceVersion into a 409 Conflict every time.
    private readonly ConcurrentDictionary<string, (string? Uid, string? WrittenOver, V1Alpha1NodeLocalDns Stored)> _ownStatusWrites =
        new(StringComparer.Ordinal);

    /// <summary>How soon to look again while waiting for something only the API server provides (a ClusterIP).</summary>
    public static TimeSpan WaitInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>How soon to try again after a 409 conflict: long enough for the informers to see the write that won.</summary>
    public static TimeSpan ConflictRetry { get; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var cached = await reader.NodeLocalDnsAsync(key.Name, cancellationToken).ConfigureAwait(false);
        if (cached is null)
        {
            // Children go with their owner through garbage collection; forget what we remembered.
            _lastGood.TryRemove(key.Name, out _);
            _ownStatusWrites.TryRemove(key.Name, out _);
            return ReconcileResult.Done;
        }

        // The reader may hand out the informer's cached object; never change that in place.
        var owner = KubernetesJson.Deserialize<V1Alpha1NodeLocalDns>(KubernetesJson.Serialize(cached));
        CatchUpWithOwnStatusWrite(owner);
        owner.Spec ??= new NodeLocalDnsSpec();
        var observed = new ObservedState { Generation = owner.Metadata.Generation ?? 0, LocalIps = owner.Spec.LocalIps ?? [] };
        try
        {
            var deletion = await GuardDeletionAsync(owner, cancellationToken).ConfigureAwait(false);
            if (deletion == DeletionState.Released)
            {
                _lastGood.TryRemove(key.Name, out _);
                return ReconcileResult.Done;
            }

            var inputs = await ObserveAsync(owner, cancellationToken).ConfigureAwait(false);
            observed = observed with
            {
                DeletionBlocked = deletion == DeletionState.Blocked ? DeletionBlockedMessage(owner, inputs) : null,
                LocalIps = inputs.LocalIps,
                ClusterDnsIp = inputs.ClusterDnsIp,
                ConfigError = inputs.ClusterDnsError,
                CoreDnsVersion = inputs.CoreDnsVersion,
                ConfigWarnings = inputs.ClusterDns?.Diagnostics
                    .Where(d => d.Severity != DiagnosticSeverity.Info)
                    .Select(d => $"{d.Source}: {d.Message}")
                    .ToList() ?? [],
            };

            // Never fight an install the operator did not make: find it before writing anything.
            var foreign = ExistingInstall.Find(owner, inputs.Live, inputs.NodeCacheDaemonSets);
            if (foreign.Count > 0 && !(owner.Spec.AdoptExistingObjects && foreign.All(f => f.Adoptable)))
            {
                return await BlockedAsync(owner, observed, foreign, inputs.LocalIps, cancellationToken).ConfigureAwait(false);
            }

            var desired = DesiredState.Compute(inputs, ClusterIp.Of(inputs.Live.UpstreamService));
            var (serviceAccount, _) = await ApplyAsync(
                owner, desired.Children.ServiceAccount, inputs.Live.ServiceAccount, cancellationToken).ConfigureAwait(false);
            if (serviceAccount is { } first)
            {
                return await BlockedAsync(owner, observed, [first], inputs.LocalIps, cancellationToken).ConfigureAwait(false);
            }

            var (upstreamForeign, upstream) = await ApplyAsync(
                owner, desired.Children.UpstreamService, inputs.Live.UpstreamService, cancellationToken).ConfigureAwait(false);
            if (upstreamForeign is { } second)
            {
                return await BlockedAsync(owner, observed, [second], inputs.LocalIps, cancellationToken).ConfigureAwait(false);
            }

            observed = observed with { UpstreamService = upstream };
            if (ClusterIp.Of(upstream) != desired.UpstreamIp)
            {
                // The server allocated the ClusterIP just now (the Service is new, or was re-created): the Corefile
                // forwards to it.
                desired = DesiredState.Compute(inputs, ClusterIp.Of(upstream));
            }

            observed = desired.Report(observed);
            if (desired.Children.NodeCache is { } nodeCache)
            {
                var (late, applied) = await ApplyNodeCacheAsync(owner, nodeCache, inputs.Live, observed, cancellationToken).ConfigureAwait(false);
                if (late is { } third)
                {
                    return await BlockedAsync(owner, observed, [third], inputs.LocalIps, cancellationToken).ConfigureAwait(false);
                }

                observed = applied;
            }
            else
            {
                observed = observed with { DaemonSet = inputs.Live.DaemonSet };
            }

            await ReportAsync(owner, observed, cancellationToken).ConfigureAwait(false);
            return observed.SpecError is not null ? ReconcileResult.Done
                : desired.WaitingForClusterIps ? ReconcileResult.After(WaitInterval)
                : ReconcileResult.Done;
        }
        catch (WriteConflictException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Routine: someone (often our own previous write, seen late by the informers) wrote in between. The next
            // reconcile reads fresh state; nothing is wrong, so no status change and no event.
            LogConflict(logger, key.Name, e.Message);
            return ReconcileResult.After(ConflictRetry);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Every failure is reported, the unexpected ones too; the key is retried with backoff.
            await TryReportAsync(owner, observed with { ApplyError = Describe(e) }, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Keeps <see cref="DeletionProtection.Finalizer"/> on exactly the NodeLocalDns objects whose deletion would stop DNS
    /// for every pod, and lets a deletion through once it is safe or confirmed. While a guarded deletion waits, the node
    /// cache is reconciled as usual: it keeps serving.
    /// </summary>
    private async Task<DeletionState> GuardDeletionAsync(V1Alpha1NodeLocalDns owner, CancellationToken cancellationToken)
    {
        var finalizers = owner.Metadata.Finalizers?.ToList() ?? [];
        var held = finalizers.Contains(DeletionProtection.Finalizer);
        var guarded = DeletionProtection.IsGuarded(owner.Spec);
        if (owner.Metadata.DeletionTimestamp is null)
        {
            if (guarded != held)
            {
                var stored = await writer.SetFinalizersAsync(
                    owner,
                    guarded ? [.. finalizers, DeletionProtection.Finalizer] : [.. finalizers.Where(f => f != DeletionProtection.Finalizer)],
                    cancellationToken).ConfigureAwait(false);
                if (stored is not null)
                {
                    // The status is written with this resourceVersion next; the old one would conflict.
                    owner.Metadata.ResourceVersion = stored.Metadata.ResourceVersion;
                    owner.Metadata.Finalizers = stored.Metadata.Finalizers;
                }
            }

            return DeletionState.None;
        }

        if (!held)
        {
            // Garbage collection takes the children once the other finalizers, if any, are gone.
            return DeletionState.Released;
        }

        if (guarded && owner.GetAnnotation(DeletionProtection.ConfirmAnnotation) != "true")
        {
            return DeletionState.Blocked;
        }

        await events.NormalAsync(
            owner, "Deleting", "Deletion allowed: the node cache's objects go with the NodeLocalDns.", cancellationToken).ConfigureAwait(false);
        await writer.SetFinalizersAsync(owner, [.. finalizers.Where(f => f != DeletionProtection.Finalizer)], cancellationToken).ConfigureAwait(false);
        return DeletionState.Released;
    }

    private static string DeletionBlockedMessage(V1Alpha1NodeLocalDns owner, ReconcileInputs inputs) =>
        $"This NodeLocalDns is being deleted, but in {owner.Spec.KubeProxyMode.ToString().ToLowerInvariant()} mode kubelet usually sends pods to the local IP "
        + $"({string.Join(", ", inputs.LocalIps)}), so removing the node cache would stop DNS for every pod at once. The node cache keeps running. "
        + $"First point kubelet's clusterDNS back at the kube-dns Service ({inputs.ClusterDnsIp ?? "its ClusterIP"}) on every node "
        + "and restart the pods that should use it, "
        + $"then confirm: kubectl annotate nodelocaldns {owner.Metadata.Name} {DeletionProtection.ConfirmAnnotation}=true";

    private async Task<ReconcileInputs> ObserveAsync(V1Alpha1NodeLocalDns owner, CancellationToken cancellationToken)
    {
        var spec = owner.Spec;
        var (kubeDnsNamespace, kubeDnsName) = SpecInputs.KubeDnsService(spec);
        var kubeDns = await reader.ServiceAsync(kubeDnsNamespace, kubeDnsName, cancellationToken).ConfigureAwait(false);
        var (config, configError, coreDnsVersion) = await ReadClusterDnsAsync(owner, kubeDns, cancellationToken).ConfigureAwait(false);
        var ns = spec.Namespace;
        var live = new LiveChildren(
            await reader.ServiceAccountAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false),
            await reader.ServiceAsync(ns, ChildNames.KubeDnsUpstream, cancellationToken).ConfigureAwait(false),
            await reader.ConfigMapAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false),
            await reader.DaemonSetAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false),
            await reader.ServiceAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false));
        return new ReconcileInputs
        {
            Owner = owner,
            KubeDnsService = kubeDns,
            ClusterDns = config,
            ClusterDnsError = configError,
            CoreDnsVersion = coreDnsVersion,
            Live = live,
            NodeCacheDaemonSets = await reader.NodeCacheDaemonSetsAsync(ns, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// Reports a node cache this NodeLocalDns did not make, which holds its place; nothing is written until it goes (the watches
    /// wake this NodeLocalDns then).
    /// </summary>
    private async Task<ReconcileResult> BlockedAsync(
        V1Alpha1NodeLocalDns owner, ObservedState observed, IReadOnlyList<ForeignObject> foreign, IReadOnlyList<string> localIps,
        CancellationToken cancellationToken)
    {
        var report = ExistingInstall.Report(foreign, owner.Spec, localIps);
        observed = foreign.All(f => f.OwningNodeLocalDns is not null)
            ? observed with { OwnershipConflict = report, DaemonSet = null }
            : observed with { ForeignInstall = report, DaemonSet = null };
        LogForeign(logger, owner.Metadata.Name, string.Join(", ", foreign));
        await ReportAsync(owner, observed, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task<(ClusterDnsConfig? Config, string? Error, string CoreDnsVersion)> ReadClusterDnsAsync(
        V1Alpha1NodeLocalDns owner, V1Service? kubeDns, CancellationToken cancellationToken)
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
        var (version, why) = await ReadCoreDnsReleaseAsync(owner.Spec, kubeDns, cancellationToken).ConfigureAwait(false);
        var found = ClusterDnsInputsFactory.For(owner.Spec, (ns, name) => read.GetValueOrDefault((ns, name)) is { } configMap ? Data(configMap) : null);
        var inputs = found with { CoreDnsVersion = version, CoreDnsVersionReason = why };
        var coreDnsVersion = $"{version} ({why})";
        try
        {
            // What CoreDNS would refuse to load takes the same path as a Corefile that does not parse: CoreDNS keeps
            // running its previous config, so the node cache keeps the last good one.
            var config = NodeCacheSettingsFactory.WithExtraZones(ClusterDnsReader.Read(inputs).EnsureLoadable(), owner.Spec.StubDomains.ExtraZones);

            if (Conditions.Find(owner.Status?.Conditions, ConditionTypes.ConfigValid) is { Status: "False" })
            {
                await events.NormalAsync(owner, "ConfigValid", "the cluster's DNS config is readable again.", cancellationToken).ConfigureAwait(false);
            }

            _lastGood[owner.Metadata.Name] = config;
            return (config, null, coreDnsVersion);
        }
        catch (CorefileException e)
        {
            var message = $"{(coreDns is null ? string.Empty : source.CoreDnsConfigMap + ": ")}{e.Message}";
            if (Conditions.Find(owner.Status?.Conditions, ConditionTypes.ConfigValid) is not { Status: "False" } previous
                || previous.Message?.StartsWith(message, StringComparison.Ordinal) != true)
            {
                await events.WarningAsync(owner, ConditionReasons.InvalidClusterDnsConfig, message, cancellationToken).ConfigureAwait(false);
            }

            LogInvalidConfig(logger, owner.Metadata.Name, message);
            return (_lastGood.GetValueOrDefault(owner.Metadata.Name), message, coreDnsVersion);
        }
    }

    /// <summary>
    /// The CoreDNS release the cluster runs, from its Deployment's image (<see cref="CoreDnsRelease"/>). Deployments are read
    /// directly (no informer watches them), so a CoreDNS upgrade is noticed at the next reconcile. A Deployment that
    /// cannot be read (RBAC without get/list on deployments) only means the newest release is assumed.
    /// </summary>
    private async Task<(CoreDnsVersion Version, string Reason)> ReadCoreDnsReleaseAsync(NodeLocalDnsSpec spec, V1Service? kubeDns,
        CancellationToken cancellationToken)
    {
        var ns = kubeDns?.Metadata?.NamespaceProperty ?? SpecInputs.KubeDnsService(spec).Namespace;
        try
        {
            var named = await reader.DeploymentAsync(ns, CoreDnsRelease.DeploymentName, cancellationToken).ConfigureAwait(false);
            var deployments = named is not null ? [named] : await reader.DeploymentsAsync(ns, cancellationToken).ConfigureAwait(false);
            return CoreDnsRelease.From(kubeDns, deployments, ns);
        }
        catch (HttpOperationException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (CoreDnsVersion.Newest,
                $"the Deployments in {ns} could not be read ({(int?)e.Response?.StatusCode} {e.Response?.ReasonPhrase}), " +
                "so the newest release known here is assumed");
        }
    }

    private async Task<(ForeignObject? Foreign, ObservedState Observed)> ApplyNodeCacheAsync(
        V1Alpha1NodeLocalDns owner, NodeCacheObjects desired, LiveChildren live, ObservedState observed, CancellationToken cancellationToken)
    {
        var previousHash = live.Corefile is { } previous ? ConfigHash.Of(previous) : null;
        var configMapHash = live.ConfigMap is null ? null : previousHash;
        var (foreign, _, configMap) = await ApplyWithOutcomeAsync(owner, desired.ConfigMap, live.ConfigMap, cancellationToken).ConfigureAwait(false);
        if (foreign is not null)
        {
            return (foreign, observed);
        }

        var (foreignDaemonSet, daemonSet, _) = await ApplyWithOutcomeAsync(owner, desired.DaemonSet, live.DaemonSet, cancellationToken).ConfigureAwait(false);
        if (foreignDaemonSet is not null)
        {
            return (foreignDaemonSet, observed);
        }

        var (foreignMetrics, _, _) = await ApplyWithOutcomeAsync(owner, desired.MetricsService, live.MetricsService, cancellationToken).ConfigureAwait(false);
        if (foreignMetrics is not null)
        {
            return (foreignMetrics, observed);
        }

        observed = observed with
        {
            DaemonSet = daemonSet,
            ConfigHash = desired.ConfigHash,
            ConfigChanged = configMapHash is not null && configMapHash != desired.ConfigHash,
        };
        if (configMap == ApplyOutcome.Updated)
        {
            var message = $"node-cache Corefile updated ({observed.StubDomains.Count} stub domain(s)), hash {desired.ConfigHash[..12]}; " +
                "the pods reload it in place.";
            await events.NormalAsync(owner, "ConfigUpdated", message, cancellationToken).ConfigureAwait(false);
        }

        return (null, observed);
    }

    /// <summary>Applies one child; returns the foreign object holding its place when there is one (nothing was written then).</summary>
    private async Task<(ForeignObject? Foreign, T Object)> ApplyAsync<T>(V1Alpha1NodeLocalDns owner, T desired, T? live, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (foreign, applied, _) = await ApplyWithOutcomeAsync(owner, desired, live, cancellationToken).ConfigureAwait(false);
        return (foreign, applied);
    }

    private async Task<(ForeignObject? Foreign, T Object, ApplyOutcome Outcome)> ApplyWithOutcomeAsync<T>(
        V1Alpha1NodeLocalDns owner, T desired, T? live, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (outcome, applied) = await _applier.ApplyAsync(owner, desired, live, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case ApplyOutcome.Foreign:
                return (ExistingInstall.Describe(desired.Kind, applied.Metadata, owner, sameName: true), applied, outcome);
            case ApplyOutcome.Created or ApplyOutcome.Updated or ApplyOutcome.Adopted:
                LogApplied(logger, desired.Kind, desired.Metadata.NamespaceProperty, desired.Metadata.Name, outcome);
                if (outcome != ApplyOutcome.Updated)
                {
                    var message = $"{outcome} {desired.Kind} {desired.Metadata.NamespaceProperty}/{desired.Metadata.Name}.";
                    await events.NormalAsync(owner, outcome.ToString(), message, cancellationToken).ConfigureAwait(false);
                }

                break;
        }

        return (null, applied, outcome);
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
        var writtenOver = owner.Metadata.ResourceVersion;
        var stored = await writer.ReplaceStatusAsync(owner, cancellationToken).ConfigureAwait(false);
        _ownStatusWrites[owner.Metadata.Name] = (owner.Metadata.Uid, writtenOver, stored);
        if (!degradedBefore && Conditions.Find(status.Conditions, ConditionTypes.Degraded) is { Status: "True" } degraded)
        {
            await events.WarningAsync(owner, degraded.Reason, degraded.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    // The cached copy is exactly the object this reconciler last wrote its status over: nothing but that write has
    // happened since, so continue from what the server stored (its resourceVersion and status). Any other version means
    // the informer has caught up, or someone else wrote, and the cached copy stands (a conflict then is a real one).
    private void CatchUpWithOwnStatusWrite(V1Alpha1NodeLocalDns owner)
    {
        if (!_ownStatusWrites.TryGetValue(owner.Metadata.Name, out var write))
        {
            return;
        }

        if (write.Uid == owner.Metadata.Uid && write.WrittenOver is not null && write.WrittenOver == owner.Metadata.ResourceVersion)
        {
            owner.Metadata.ResourceVersion = write.Stored.Metadata.ResourceVersion;
            owner.Status = write.Stored.Status is null
                ? null
                : KubernetesJson.Deserialize<NodeLocalDnsStatus>(KubernetesJson.Serialize(write.Stored.Status));
        }
        else
        {
            _ownStatusWrites.TryRemove(owner.Metadata.Name, out _);
        }
    }

    private async Task TryReportAsync(V1Alpha1NodeLocalDns owner, ObservedState observed, CancellationToken cancellationToken)
    {
        try
        {
            await ReportAsync(owner, observed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The original failure matters more; it is rethrown and retried, and the status with it.
            LogStatusFailed(logger, owner.Metadata.Name, e);
        }
    }

    private static string Describe(Exception e) => e is HttpOperationException http
        ? $"{(int?)http.Response?.StatusCode} {http.Response?.ReasonPhrase}: {Truncate(http.Response?.Content)}"
        : $"{e.GetType().Name}: {Truncate(e.Message)}";

    private static ConfigMapData Data(V1ConfigMap configMap) =>
        new(configMap.Metadata.NamespaceProperty, configMap.Metadata.Name,
            configMap.Data is { } data ? new Dictionary<string, string>(data) : new Dictionary<string, string>());

    private static string Truncate(string? text) => text is null ? string.Empty : text.Length > 300 ? text[..300] + "..." : text;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Kind} {Namespace}/{Name} was {Outcome}")]
    private static partial void LogApplied(ILogger logger, string kind, string @namespace, string name, ApplyOutcome outcome);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning,
        Message = "NodeLocalDns {Name}: the cluster's DNS config cannot be read, keeping the last good config: {Error}")]
    private static partial void LogInvalidConfig(ILogger logger, string name, string error);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "NodeLocalDns {Name}: a write conflicted ({Reason}); reading again")]
    private static partial void LogConflict(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning,
        Message = "NodeLocalDns {Name}: a node cache this operator did not create holds its place, left alone: {Objects}")]
    private static partial void LogForeign(ILogger logger, string name, string objects);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "NodeLocalDns {Name}: the status could not be written")]
    private static partial void LogStatusFailed(ILogger logger, string name, Exception exception);
}
