using k8s.Models;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Reconciliation.Inputs;
using NodeLocalDns.Operator.Reconciliation.Status;
using NodeLocalDns.Operator.Rendering;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>
/// What a NodeLocalDns should look like, from what a reconcile observed and <c>kube-dns-upstream</c>'s ClusterIP:
/// the Corefile to serve and every child (<see cref="ChildObjectBuilder.Build"/>). Pure: the same inputs give the same
/// objects, field for field.
/// <para>The Corefile is rendered from the cluster's DNS config; without both ClusterIPs, or when rendering fails,
/// the Corefile that runs stays (nothing runs: no Corefile, and only the ServiceAccount and Service are wanted).
/// With a DNS config that never parsed, the running Corefile stays too; with nothing running either, the cluster
/// domain and the defaults are served, as node-cache does on an empty config.</para>
/// </summary>
/// <param name="Children">Every child to apply.</param>
/// <param name="UpstreamIp">The <c>kube-dns-upstream</c> ClusterIP it was computed for.</param>
/// <param name="Rendering">What rendering found (stub domains, spec and render errors); null when nothing was
/// rendered for want of a ClusterIP.</param>
public sealed record DesiredState(ChildObjects Children, string? UpstreamIp, RenderingOutcome? Rendering)
{
    /// <summary>True while a ClusterIP is missing: only the API server can provide it, so look again soon.</summary>
    public bool WaitingForClusterIps => Rendering is null;

    /// <summary>The desired state for <paramref name="inputs"/> and <paramref name="upstreamIp"/>.</summary>
    public static DesiredState Compute(ReconcileInputs inputs, string? upstreamIp)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var owner = inputs.Owner;
        var live = inputs.Live.Corefile;
        string? corefile;
        RenderingOutcome? rendering = null;
        if (inputs.ClusterDnsIp is not { } clusterDnsIp || upstreamIp is null)
        {
            // Without the two ClusterIPs no Corefile can be rendered; keep whatever runs.
            corefile = live;
        }
        else
        {
            (corefile, rendering) = Render(owner, inputs.LocalIps, inputs.ClusterDns, clusterDnsIp, upstreamIp, live);
        }

        return new DesiredState(ChildObjectBuilder.Build(owner, inputs.LocalIps, inputs.KubeDnsService ?? new V1Service(), corefile), upstreamIp, rendering);
    }

    /// <summary><paramref name="observed"/> with what rendering found.</summary>
    public ObservedState Report(ObservedState observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return Rendering is { } r
            ? observed with { StubDomains = r.StubDomains, Zones = r.Zones, SpecError = r.SpecError, RenderError = r.RenderError }
            : observed;
    }

    private static (string? Corefile, RenderingOutcome Outcome) Render(V1Alpha1NodeLocalDns owner, IReadOnlyList<string> localIps,
        ClusterDnsConfig? config, string clusterDnsIp, string upstreamIp, string? live)
    {
        if (config is null && live is not null)
        {
            // The config is invalid and nothing good was read since this process started: the ConfigMap
            // holds the last good Corefile; leave it exactly as it is.
            return (live, new RenderingOutcome(owner.Status?.StubDomains ?? []) { Zones = owner.Status?.Zones ?? [] });
        }

        // With nothing better, serve the cluster domain and the defaults, as node-cache does on an empty config.
        config ??= ClusterDnsReader.Read(new ClusterDnsInputs { ClusterDomain = owner.Spec.ClusterDomain }) with { Diagnostics = [] };
        var outcome = new RenderingOutcome([.. config.StubDomains.Select(s => new StubDomainStatus { Zone = s.Zone, Servers = s.Servers, Source = s.Source })])
        {
            Zones = [.. NodeCacheZoneRoutes.For(config, owner.Spec.StubDomains.Routing, owner.Spec.Upstream.Mode).Select(ZoneStatusOf)],
        };
        try
        {
            var settings = NodeCacheSettingsFactory.From(owner.Spec, localIps, clusterDnsIp, upstreamIp);
            var corefile = NodeCacheCorefileRenderer.Render(config, settings);

            // Rendering is deterministic, so a Corefile equal to the one rolled out was validated when it was
            // written; only a changed one needs the daemon's loader again (the costly step of a steady reconcile).
            if (corefile != live)
            {
                RenderedCorefileValidator.Validate(corefile);
            }

            return (corefile, outcome);
        }
        catch (InvalidSettingsException e)
        {
            return (live, outcome with { SpecError = e.Message });
        }
        catch (CorefileException e)
        {
            return (live, outcome with { RenderError = $"the daemon's loader refused the rendered Corefile: {e.Message}" });
        }
    }

    private static ZoneStatus ZoneStatusOf(ZoneRoute route) =>
        new() { Zone = route.Zone, Route = route.RouteName, Servers = route.Servers, Reason = route.Reason, Source = route.Source };
}
