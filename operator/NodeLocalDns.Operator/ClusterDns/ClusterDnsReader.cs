using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// Reads the cluster's DNS config from its ConfigMaps into a <see cref="ClusterDnsConfig"/>. Pure: the
/// ConfigMaps come in as data and their keys act as the files CoreDNS imports.
/// Precedence, as queries would experience it: a server block for a zone wins over a <c>forward ZONE</c>
/// line in the root block, which wins over the legacy kube-dns <c>stubDomains</c>; CoreDNS's root
/// upstreams win over kube-dns's <c>upstreamNameservers</c> (node-cache only ever read kube-dns's).
/// </summary>
public static class ClusterDnsReader
{
    /// <summary>The cluster domain when nothing says otherwise.</summary>
    public const string DefaultClusterDomain = "cluster.local";

    private static readonly string[] DefaultReverseZones = ["in-addr.arpa", "ip6.arpa"];

    /// <summary>Reads the inputs.</summary>
    /// <exception cref="CorefileException">The Corefile (or kube-dns JSON) does not parse; the message says where and why.</exception>
    public static ClusterDnsConfig Read(ClusterDnsInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var findings = new ClusterDnsFindings();

        if (inputs.CoreDns is { } coreDns)
        {
            if (coreDns.Data.TryGetValue("Corefile", out var corefile))
            {
                var files = Files(inputs);
                var document = CorefileParser.Parse(corefile, new ParseOptions
                {
                    FileName = "Corefile",
                    Directory = ClusterDnsInputs.CoreDnsMountPath,
                    Files = files,
                });
                new CoreDnsCorefileReader(findings, files).Read(document);
            }
            else
            {
                findings.Warn(DiagnosticCodes.InputIgnored, $"ConfigMap {coreDns.Id} has no 'Corefile' key.", coreDns.Id);
            }
        }

        if (inputs.KubeDns is { } kubeDns)
        {
            MergeKubeDns(findings, new KubeDnsConfigReader(findings).Read(kubeDns));
        }

        return Build(findings, inputs.ClusterDomain);
    }

    private static InMemoryCorefileSource Files(ClusterDnsInputs inputs)
    {
        var files = new InMemoryCorefileSource();
        if (inputs.CoreDns is { } coreDns)
        {
            files.AddDirectory(ClusterDnsInputs.CoreDnsMountPath, coreDns.Data);
        }

        foreach (var mounted in inputs.Mounted)
        {
            files.AddDirectory(mounted.MountPath, mounted.ConfigMap.Data, mounted.ConfigMap.Name);
        }

        return files;
    }

    private static void MergeKubeDns(ClusterDnsFindings findings, (List<StubDomain> Stubs, List<string> Upstreams, string UpstreamSource) kubeDns)
    {
        foreach (var stub in kubeDns.Stubs)
        {
            if (findings.StubDomains.FirstOrDefault(s => s.Zone == stub.Zone) is { } existing)
            {
                findings.Warn(DiagnosticCodes.ConflictingConfig,
                    $"stub domain {stub.Zone} is also configured in CoreDNS ({existing.Source}); CoreDNS answers the cluster, so its servers are used.", stub.Source);
                continue;
            }

            findings.StubDomains.Add(stub);
        }

        if (kubeDns.Upstreams.Count == 0)
        {
            return;
        }

        if (findings.RootUpstreams.Count == 0)
        {
            findings.RootUpstreams.AddRange(kubeDns.Upstreams);
            findings.RootUpstreamSource = kubeDns.UpstreamSource;
        }
        else if (!findings.RootUpstreams.SequenceEqual(kubeDns.Upstreams))
        {
            findings.Warn(DiagnosticCodes.ConflictingConfig,
                $"upstreamNameservers ({string.Join(" ", kubeDns.Upstreams)}) differ from CoreDNS's root upstreams ({string.Join(" ", findings.RootUpstreams)}); CoreDNS's are used.",
                kubeDns.UpstreamSource);
        }
    }

    private static ClusterDnsConfig Build(ClusterDnsFindings findings, string? clusterDomain)
    {
        List<string> clusterDomains;
        if (clusterDomain is not null)
        {
            clusterDomains = [ZoneNames.ToDisplay(clusterDomain)];
        }
        else if (findings.ClusterDomains.Count > 0)
        {
            clusterDomains = [.. findings.ClusterDomains.Select(c => ZoneNames.ToDisplay(c.Zone))];
        }
        else
        {
            clusterDomains = [DefaultClusterDomain];
            findings.Info(DiagnosticCodes.ClusterDomainAssumed,
                $"no kubernetes plugin names the cluster domain; {DefaultClusterDomain} is assumed (set it explicitly if the cluster uses another).", "inputs");
        }

        var reverse = findings.ReverseZones.Count > 0
            ? findings.ReverseZones.Select(r => ZoneNames.ToDisplay(r.Zone)).ToList()
            : [.. DefaultReverseZones];

        // A stub domain for a cluster domain would take it away from Kubernetes; routes that a stub domain
        // already covers are redundant.
        foreach (var shadowed in findings.StubDomains.Where(s => clusterDomains.Contains(s.Zone)))
        {
            findings.Warn(DiagnosticCodes.DuplicateZone,
                $"stub domain {shadowed.Zone} is the cluster domain; the kubernetes plugin keeps answering it and the stub is ignored.", shadowed.Source);
        }

        var stubs = findings.StubDomains.Where(s => !clusterDomains.Contains(s.Zone)).ToList();
        var routes = findings.Routes
            .Where(r => !clusterDomains.Any(c => ZoneNames.IsInZone(r.Zone, c)) && !reverse.Any(z => ZoneNames.IsInZone(r.Zone, z)))
            .Where(r => stubs.All(s => s.Zone != r.Zone))
            .ToList();

        return new ClusterDnsConfig(
            [.. clusterDomains.Distinct().Order(StringComparer.Ordinal)],
            [.. reverse.Distinct().Order(StringComparer.Ordinal)],
            findings.RootUpstreams.Count > 0 ? [.. findings.RootUpstreams] : ["/etc/resolv.conf"],
            [.. stubs.OrderBy(s => s.Zone, StringComparer.Ordinal)],
            [.. routes.OrderBy(r => r.Zone, StringComparer.Ordinal)],
            [.. findings.Diagnostics]);
    }
}
