using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Rendering;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>
/// Turns a NodeLocalDns spec and the two ClusterIPs into rendering settings, and adds the spec's extra zones to what was read from
/// CoreDNS. Pure.
/// </summary>
public static class NodeCacheSettingsFactory
{
    /// <summary>The rendering settings, for the local IPs in use (<see cref="Inputs.ReconcileInputs.LocalIps"/>).</summary>
    public static NodeCacheSettings From(NodeLocalDnsSpec spec, IReadOnlyList<string> localIps, string clusterDnsIp, string upstreamIp)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(localIps);
        if (spec.KubeProxyMode == KubeProxyMode.Ipvs
            && LocalIpDefaults.FamilyOf(clusterDnsIp) is { } family
            && !localIps.Any(ip => LocalIpDefaults.FamilyOf(ip) == family))
        {
            // In ipvs mode kubelet's clusterDNS is the local IP: pods that only have the kube-dns Service's family could not reach it.
            var message = $"in ipvs mode pods ask the local IP directly, and the kube-dns Service is {family} ({clusterDnsIp}): " +
                $"list an {family} local IP such as {LocalIpDefaults.ForFamilies([family])[0]} in spec.localIPs.";
            throw new InvalidSettingsException([message]);
        }

        return new NodeCacheSettings
        {
            LocalIps = [.. localIps],
            ClusterDnsIp = clusterDnsIp,
            UpstreamIp = upstreamIp,
            KubeProxyMode = spec.KubeProxyMode,
            StubRouting = spec.StubDomains.Routing,
            UpstreamMode = spec.Upstream.Mode,
            UpstreamServers = [.. spec.Upstream.Servers],
            Port = spec.Ports.Dns,
            HealthPort = spec.Ports.Health,
            ReadyPort = spec.Ports.Ready,
            MetricsPort = spec.Ports.Metrics,
            MetricsHost = NodeCacheSettings.MetricsHostFor(spec.MetricsAddress, localIps, clusterDnsIp),
            ForceTcpToClusterDns = spec.ForceTcpToClusterDns,
            ForceTcpToUpstream = spec.Upstream.ForceTcp,
            LogQueries = spec.LogLevel == DaemonLogLevel.Debug,
            Cache = new CacheSettings
            {
                SuccessCapacity = spec.Cache.SuccessCapacity,
                SuccessTtl = spec.Cache.SuccessTtl,
                DenialCapacity = spec.Cache.DenialCapacity,
                DenialTtl = spec.Cache.DenialTtl,
                DefaultTtl = spec.Cache.DefaultTtl,
                Prefetch = spec.Cache.Prefetch is { } p ? new PrefetchSettings(p.Amount, Duration(p.Duration), p.Percentage) : null,
                ServeStale = spec.Cache.ServeStale is { } s ? new ServeStaleSettings(Duration(s.Duration), s.Verify) : null,
            },
        };
    }

    // The CRD's pattern already admits only Go durations; a value that slips past it (an API server
    // without validation) is a spec error the reconciler reports.
    private static TimeSpan Duration(string text) =>
        GoDuration.TryParse(text, out var value) ? value : throw new InvalidSettingsException([$"'{text}' is not a duration like 30s, 5m or 1h."]);

    /// <summary>
    /// Adds the spec's extra zones to the stub domains read from the cluster. A zone the cluster's config
    /// already has keeps the cluster's servers (it is what CoreDNS does), with a warning.
    /// </summary>
    public static ClusterDnsConfig WithExtraZones(ClusterDnsConfig config, IReadOnlyList<ExtraZone> extraZones)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(extraZones);
        if (extraZones.Count == 0)
        {
            return config;
        }

        var stubs = config.StubDomains.ToList();
        var diagnostics = config.Diagnostics.ToList();
        foreach (var zone in extraZones)
        {
            var display = Corefile.Zones.ZoneNames.ToDisplay(zone.Zone);
            var servers = new List<string>();
            foreach (var server in zone.Servers)
            {
                if (UpstreamAddress.TryNormalize(server, out var normalized, out var problem) && !normalized.StartsWith('/'))
                {
                    servers.Add(normalized);
                }
                else
                {
                    diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.UnusableUpstream,
                        (problem ?? $"'{server}' is a file, not a server") + "; left out.", "spec.stubDomains.extraZones"));
                }
            }

            if (stubs.Any(s => s.Zone == display) || config.ClusterDomains.Contains(display) || config.ReverseZones.Contains(display))
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticCodes.DuplicateZone,
                    $"extra zone {display} is already configured in the cluster's DNS config; that configuration is used.",
                    "spec.stubDomains.extraZones"));
                continue;
            }

            if (servers.Count > 0)
            {
                stubs.Add(new StubDomain(display, servers, ClusterDns.ForwardOptions.Default with { ForceTcp = zone.ForceTcp }, "spec"));
            }
        }

        return config with { StubDomains = [.. stubs.OrderBy(s => s.Zone, StringComparer.Ordinal)], Diagnostics = diagnostics };
    }
}
