using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Reconciliation.Status;
using NodeLocalDns.Operator.Rendering;

namespace NodeLocalDns.Operator.Reconciliation;

/// <summary>
/// Reconciles one NodeLocalDns into a running, correctly configured node cache.
/// <para><b>Flow:</b> read the NodeLocalDns, the kube-dns Service and the cluster's DNS ConfigMaps; read
/// the stub domains (pure); apply, in order, the ServiceAccount, <c>kube-dns-upstream</c> (before the
/// DaemonSet, so its ClusterIP exists), the ConfigMap with the rendered Corefile (validated first by the
/// daemon's own loader), the DaemonSet (with the Corefile's hash on its pod template), and the headless
/// metrics Service; then write the status if it changed.</para>
/// <para><b>Guarantees:</b> level-triggered and idempotent; an unchanged cluster causes no write at all.
/// A Corefile that does not parse sets ConfigValid=False with its located error and leaves the node
/// cache on the last good config (kept in memory, or the ConfigMap as it is after a restart).</para>
/// <para><b>Caveats:</b> deletion is left to garbage collection through controller owner references.</para>
/// <para><b>Errors:</b> API failures are rethrown after the status says what failed, so the key is retried
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
        var cached = await reader.NodeLocalDnsAsync(key.Name, cancellationToken).ConfigureAwait(false);
        if (cached is null || cached.Metadata.DeletionTimestamp is not null)
        {
            // Children go with their owner through garbage collection; forget what we remembered.
            _lastGood.TryRemove(key.Name, out _);
            return ReconcileResult.Done;
        }

        // The reader may hand out the informer's cached object; never change that in place.
        var owner = KubernetesJson.Deserialize<V1Alpha1NodeLocalDns>(KubernetesJson.Serialize(cached));

        var spec = owner.Spec ?? new NodeLocalDnsSpec();
        owner.Spec = spec;
        var ns = spec.Namespace;
        var observed = new ObservedState { Generation = owner.Metadata.Generation ?? 0, LocalIps = spec.LocalIps };

        var kubeDns = await reader.ServiceAsync(spec.KubeDnsService.Namespace, spec.KubeDnsService.Name, cancellationToken).ConfigureAwait(false);
        var clusterDnsIp = kubeDns?.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None" ? ip : null;
        observed = observed with { ClusterDnsIp = clusterDnsIp };

        var (config, configError) = await ReadClusterDnsAsync(owner, cancellationToken).ConfigureAwait(false);
        observed = observed with
        {
            ConfigError = configError,
            ConfigWarnings = config?.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).Select(d => $"{d.Source}: {d.Message}").ToList() ?? [],
        };

        var result = ReconcileResult.Done;
        try
        {
            var (_, saOutcome) = await ApplyAsync(owner, ChildObjectBuilder.ServiceAccount(owner, ns), await reader.ServiceAccountAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var upstreamDesired = ChildObjectBuilder.UpstreamService(owner, ns, kubeDns ?? new V1Service());
            var (upstream, upstreamOutcome) = await ApplyAsync(owner, upstreamDesired, await reader.ServiceAsync(ns, ChildNames.KubeDnsUpstream, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            observed = observed with
            {
                UpstreamService = upstream,
                OwnershipConflict = Join(Conflict(saOutcome, "ServiceAccount " + ChildNames.NodeLocalDns), Conflict(upstreamOutcome, "Service " + ChildNames.KubeDnsUpstream)),
            };
            var upstreamIp = upstream.Spec?.ClusterIP is { Length: > 0 } uip && uip != "None" ? uip : null;

            var liveConfigMap = await reader.ConfigMapAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false);
            string? corefile = null;
            if (clusterDnsIp is null || upstreamIp is null)
            {
                // Without the two ClusterIPs no Corefile can be rendered; keep whatever runs.
                corefile = CorefileOf(liveConfigMap);
                result = ReconcileResult.After(WaitInterval);
            }
            else
            {
                (corefile, observed) = Render(owner, config, clusterDnsIp, upstreamIp, liveConfigMap, observed);
            }

            if (corefile is not null)
            {
                var previousHash = CorefileOf(liveConfigMap) is { } previous ? ConfigHash.Of(previous) : null;
                var hash = ConfigHash.Of(corefile);
                var (_, cmOutcome) = await ApplyAsync(owner, ChildObjectBuilder.ConfigMap(owner, ns, corefile), liveConfigMap, cancellationToken).ConfigureAwait(false);
                var (daemonSet, dsOutcome) = await ApplyAsync(owner, ChildObjectBuilder.DaemonSet(owner, ns, hash), await reader.DaemonSetAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                var (_, metricsOutcome) = await ApplyAsync(owner, ChildObjectBuilder.MetricsService(owner, ns), await reader.ServiceAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                observed = observed with
                {
                    DaemonSet = dsOutcome == ApplyOutcome.OwnedByAnother ? null : daemonSet,
                    ConfigHash = hash,
                    ConfigChanged = previousHash is not null && previousHash != hash,
                    OwnershipConflict = Join(observed.OwnershipConflict,
                        Conflict(cmOutcome, "ConfigMap " + ChildNames.NodeLocalDns),
                        Conflict(dsOutcome, "DaemonSet " + ChildNames.NodeLocalDns),
                        Conflict(metricsOutcome, "Service " + ChildNames.NodeLocalDns)),
                };
                if (cmOutcome == ApplyOutcome.Updated)
                {
                    await events.NormalAsync(owner, "ConfigUpdated", $"node-cache Corefile updated ({observed.StubDomains.Count} stub domain(s)); pods roll to hash {hash[..12]}.", cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                observed = observed with { DaemonSet = await reader.DaemonSetAsync(ns, ChildNames.NodeLocalDns, cancellationToken).ConfigureAwait(false) };
            }
        }
        catch (HttpOperationException e) when (!cancellationToken.IsCancellationRequested)
        {
            observed = observed with { ApplyError = $"{(int?)e.Response?.StatusCode} {e.Response?.ReasonPhrase}: {Truncate(e.Response?.Content)}" };
            await WriteStatusAsync(owner, observed, cancellationToken).ConfigureAwait(false);
            throw;
        }

        await WriteStatusAsync(owner, observed, cancellationToken).ConfigureAwait(false);
        return observed.SpecError is not null ? ReconcileResult.Done : result;
    }

    private async Task<(ClusterDnsConfig? Config, string? Error)> ReadClusterDnsAsync(V1Alpha1NodeLocalDns owner, CancellationToken cancellationToken)
    {
        var source = owner.Spec.StubDomains;
        var coreDns = await reader.ConfigMapAsync(source.CoreDnsConfigMap.Namespace, source.CoreDnsConfigMap.Name, cancellationToken).ConfigureAwait(false);
        var kubeDns = await reader.ConfigMapAsync(source.KubeDnsConfigMap.Namespace, source.KubeDnsConfigMap.Name, cancellationToken).ConfigureAwait(false);
        var mounted = new List<MountedConfigMap>();
        foreach (var custom in source.CustomConfigMaps)
        {
            if (await reader.ConfigMapAsync(custom.Namespace, custom.Name, cancellationToken).ConfigureAwait(false) is { } found)
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

    private static (string? Corefile, ObservedState Observed) Render(V1Alpha1NodeLocalDns owner, ClusterDnsConfig? config, string clusterDnsIp, string upstreamIp, V1ConfigMap? live, ObservedState observed)
    {
        var liveCorefile = CorefileOf(live);
        if (config is null && liveCorefile is not null)
        {
            // The config is invalid and nothing good was read since this process started: the ConfigMap
            // holds the last good Corefile; leave it exactly as it is.
            return (liveCorefile, observed with { StubDomains = owner.Status?.StubDomains ?? [] });
        }

        // With nothing better, serve the cluster domain and the defaults, as node-cache does on an empty config.
        config ??= ClusterDnsReader.Read(new ClusterDnsInputs { ClusterDomain = owner.Spec.ClusterDomain }) with { Diagnostics = [] };
        observed = observed with { StubDomains = [.. config.StubDomains.Select(s => new StubDomainStatus { Zone = s.Zone, Servers = s.Servers, Source = s.Source })] };
        try
        {
            var settings = NodeCacheSettingsFactory.From(owner.Spec, clusterDnsIp, upstreamIp);
            var corefile = NodeCacheCorefileRenderer.Render(config, settings);

            // Rendering is deterministic, so a Corefile equal to the one rolled out was validated when it was
            // written; only a changed one needs the daemon's loader again (the costly step of a steady reconcile).
            if (corefile != liveCorefile)
            {
                RenderedCorefileValidator.Validate(corefile);
            }

            return (corefile, observed);
        }
        catch (InvalidSettingsException e)
        {
            return (liveCorefile, observed with { SpecError = e.Message });
        }
        catch (CorefileException e)
        {
            return (liveCorefile, observed with { RenderError = $"the daemon's loader refused the rendered Corefile: {e.Message}" });
        }
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

    private async Task WriteStatusAsync(V1Alpha1NodeLocalDns owner, ObservedState observed, CancellationToken cancellationToken)
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

    private static string? CorefileOf(V1ConfigMap? configMap) =>
        configMap?.Data is { } data && data.TryGetValue(ChildNames.CorefileKey, out var corefile) ? corefile : null;

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
