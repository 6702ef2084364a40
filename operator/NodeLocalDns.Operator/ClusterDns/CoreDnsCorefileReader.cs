using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// Reads what a CoreDNS Corefile means for a node cache in front of it:
/// <list type="bullet">
/// <item>the <c>kubernetes</c> plugin's zones give the cluster domain(s) and reverse zones;</item>
/// <item>the root block's <c>forward . X</c> gives the root upstreams, and its <c>forward ZONE X</c> lines
/// (and the legacy <c>proxy</c>) are stub domains in meaning;</item>
/// <item>a block for a zone that only forwards is a stub domain; a block that answers names itself
/// (<c>hosts</c>, <c>file</c>, <c>rewrite</c>, <c>template</c>…) must be routed to cluster DNS;</item>
/// <item>names the root block answers itself (hosts entries, exact rewrites, template zones) are routed
/// to cluster DNS too, so they keep working when the node cache sends other names elsewhere;</item>
/// <item>blocks on another port or transport never see queries sent to cluster DNS and are skipped.</item>
/// </list>
/// Nothing is dropped silently: everything skipped or changed becomes a diagnostic.
/// </summary>
internal sealed class CoreDnsCorefileReader(ClusterDnsFindings findings, ICorefileSource files, ClusterDnsInputs inputs)
{
    private const int DefaultPort = 53;

    /// <summary>Reads <paramref name="document"/> into the findings.</summary>
    public void Read(CorefileDocument document)
    {
        foreach (var warning in document.Warnings)
        {
            ReportUnmatchedImport(warning);
        }

        new CoreDnsValidator(findings, inputs.CoreDnsVersion).Validate(document);

        var blocks = document.ServerBlocks.Select(b => (Block: b, Zones: Zones(b))).ToList();
        var duplicates = RefuseDuplicateZones(blocks);
        var rootPort = blocks.SelectMany(b => b.Zones).Select(z => z.Zone)
            .FirstOrDefault(z => z.Transport == DnsTransport.Dns && z.Zone == ZoneNames.Root)?.EffectivePort(DefaultPort) ?? DefaultPort;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (block, zones) in blocks)
        {
            var reachable = new List<string>();
            foreach (var (zone, key) in zones)
            {
                if (zone.Transport != DnsTransport.Dns || zone.EffectivePort(DefaultPort) != rootPort)
                {
                    findings.Warn(DiagnosticCodes.UnreachableBlock,
                        $"'{zone}' listens on {zone.Scheme}…:{zone.EffectivePort(DefaultPort)}, but pods reach cluster DNS over dns:// on port {rootPort}; this block never sees their queries and is skipped.",
                        Source(block.Position));
                    continue;
                }

                if (duplicates.Contains(key) || !seen.Add(zone.Zone))
                {
                    // The first definition is what the node cache mirrors; a refused duplicate is reported already,
                    // one CoreDNS allows (different bind addresses) cannot be told apart by a query's destination.
                    continue;
                }

                reachable.Add(zone.Zone);
            }

            if (reachable.Count > 0)
            {
                ReadBlock(block, reachable);
            }
        }
    }

    /// <summary>
    /// CoreDNS refuses a zone served twice on the same transport and port unless both blocks <c>bind</c> disjoint
    /// addresses (core/dnsserver/register.go, <c>validateZonesAndListeningAddresses</c>): "cannot serve … - it is already
    /// defined", or "… zone overlap listener capacity with …" when one binds everything. Returns the refused keys.
    /// </summary>
    private HashSet<Argument> RefuseDuplicateZones(List<(ServerBlock Block, List<(ZoneAddress Zone, Argument Key)> Zones)> blocks)
    {
        var refused = new HashSet<Argument>(ReferenceEqualityComparer.Instance);
        var first = new Dictionary<string, (Argument Key, HashSet<string> Bind)>(StringComparer.Ordinal);
        foreach (var (block, zones) in blocks)
        {
            var bind = block.Directives.Where(d => d.Name.Value == "bind").SelectMany(d => d.ArgValues).ToHashSet(StringComparer.Ordinal);
            foreach (var (zone, key) in zones)
            {
                var address = $"{zone.Scheme}{zone.Zone}:{zone.EffectivePort(DefaultPort)}";
                if (!first.TryGetValue(address, out var earlier))
                {
                    first[address] = (key, bind);
                    continue;
                }

                if (earlier.Bind.Count > 0 && bind.Count > 0 && !earlier.Bind.Overlaps(bind))
                {
                    continue;
                }

                var words = earlier.Bind.Count == 0 && bind.Count == 0 || earlier.Bind.Overlaps(bind)
                    ? $"cannot serve {address} - it is already defined"
                    : $"cannot serve {address} - zone overlap listener capacity with {address}";
                refused.Add(key);
                findings.Refuse(DiagnosticCodes.DuplicateZone, key.Position,
                    $"CoreDNS {inputs.CoreDnsVersion} refuses to load this Corefile: \"{words}\"; the zone is already served at {earlier.Key.Position}, merge the two blocks or bind them to different addresses.");
            }
        }

        return refused;
    }

    /// <summary>
    /// An import that matched no file. Nothing is lost when the ConfigMap mounted there was read and has no matching key,
    /// or is known not to exist (CoreDNS mounts it as optional); otherwise the server blocks or overrides it would bring
    /// (stub domains among them) are unknown, which the admin must fix by supplying that ConfigMap.
    /// </summary>
    private void ReportUnmatchedImport(CorefileWarning warning)
    {
        var source = Source(warning.Position);
        var pattern = warning.ImportPattern;
        var directory = pattern is null ? null : PathPattern.Directory(pattern);
        var mounted = inputs.Mounted.FirstOrDefault(m => SameDirectory(m.MountPath, directory));
        if (directory is null || mounted is not null || SameDirectory(ClusterDnsInputs.CoreDnsMountPath, directory))
        {
            var owner = mounted is not null ? $"ConfigMap {mounted.ConfigMap.Id}" : inputs.CoreDns is { } coreDns ? $"ConfigMap {coreDns.Id}" : "the ConfigMap mounted there";
            findings.Info(DiagnosticCodes.ImportNotFound, $"{warning.Message} {owner} has no key it matches, so CoreDNS imports nothing here either.", source);
            return;
        }

        if (inputs.AbsentMountPaths.Any(p => SameDirectory(p, directory)))
        {
            findings.Info(DiagnosticCodes.ImportNotFound, $"{warning.Message} The ConfigMap CoreDNS mounts at {directory} does not exist, so CoreDNS imports nothing here either.", source);
            return;
        }

        var what = pattern!.EndsWith(".server", StringComparison.Ordinal) ? "the server blocks defined there (stub domains among them) are unknown and would be lost"
            : pattern.EndsWith(".override", StringComparison.Ordinal) ? "the overrides defined there (forward, hosts, rewrite lines of the main block) are unknown and would be lost"
            : "whatever it defines is unknown and would be lost";
        findings.Warn(DiagnosticCodes.ImportNotFound,
            $"{warning.Message} Nothing mounted at {directory} was given, so {what}; {inputs.MissingConfigMapAdvice.Replace("{dir}", directory, StringComparison.Ordinal)}.", source);

        static bool SameDirectory(string a, string? b) => b is not null && a.TrimEnd('/') == b.TrimEnd('/');
    }

    private List<(ZoneAddress Zone, Argument Key)> Zones(ServerBlock block)
    {
        var zones = new List<(ZoneAddress, Argument)>();
        foreach (var key in block.Keys)
        {
            if (ZoneAddress.TryParse(key.Value, out var parsed, out var error))
            {
                zones.AddRange(parsed.Select(z => (z, key)));
            }
            else if (!findings.Reported.Contains(key.Position) && CoreDnsNames.EnvironmentVariable(key.Value) is null)
            {
                // CoreDNS loads it (the validator said nothing), but it is no zone a node cache can serve.
                findings.Warn(DiagnosticCodes.UnreachableBlock, $"{error} A node cache cannot serve it; it is skipped.", Source(key.Position));
            }
        }

        return zones;
    }

    private void ReadBlock(ServerBlock block, List<string> zones)
    {
        foreach (var directive in block.Directives.Where(d => d.Name.Value == "kubernetes"))
        {
            ReadKubernetes(directive, zones);
        }

        var isRoot = zones.Contains(ZoneNames.Root);
        var others = zones.Where(z => z != ZoneNames.Root).ToList();
        if (isRoot)
        {
            ReadRoot(block);
        }

        if (others.Count > 0)
        {
            ReadZoneBlock(block, others);
        }
    }

    private void ReadKubernetes(Directive directive, List<string> blockZones)
    {
        var zones = directive.Args.Count > 0 ? directive.Args.Select(a => a.Value).ToList() : blockZones;
        foreach (var zone in zones)
        {
            if (CoreDnsNames.LooksLikePlaceholder(zone) || CoreDnsNames.IsSedPlaceholderName(zone))
            {
                // An unrendered template ("kubernetes <domain> in-addr.arpa ip6.arpa", the addon's __DNS__DOMAIN__):
                // CoreDNS serves Kubernetes records under that literal name, never under the kubelet's cluster domain.
                findings.PlaceholderClusterDomains.Add(zone);
                findings.Warn(DiagnosticCodes.PlaceholderZone,
                    $"kubernetes zone '{zone}' is a template placeholder: CoreDNS serves Kubernetes names under '{zone}.' literally, so pods' service names do not resolve; it is not taken as the cluster domain. Put the cluster domain there (usually cluster.local).",
                    directive.Position);
                continue;
            }

            if (!ZoneNames.TryNormalize(zone, out var normalized, out _) && !TryReverse(zone, out normalized))
            {
                findings.Warn(DiagnosticCodes.InvalidZone, $"kubernetes zone '{zone}' is not a valid zone; ignored.", Source(directive.Position));
                continue;
            }

            foreach (var z in ExpandReverse(zone, normalized))
            {
                var list = IsReverse(z) ? findings.ReverseZones : findings.ClusterDomains;
                if (z != ZoneNames.Root && list.All(c => c.Zone != z))
                {
                    list.Add((z, Source(directive.Position)));
                }
            }
        }
    }

    private void ReadRoot(ServerBlock block)
    {
        foreach (var directive in block.Directives)
        {
            var name = directive.Name.Value;
            switch (name)
            {
                case "forward" or "proxy" when !findings.UnreachedForwards.Contains(directive.Position):
                    // A forward that never gets a query (an earlier one takes its names) is not mirrored either.
                    ReadRootForward(directive);
                    break;
                case "forward" or "proxy":
                    break;
                case "hosts":
                    ReadHosts(directive);
                    break;
                case "rewrite":
                    ReadRewrite(directive);
                    break;
                case "autopath":
                    findings.Warn(DiagnosticCodes.NeedsClusterDnsUpstream,
                        "autopath finds the pod by the query's source address; behind a node cache every query comes from the node, so autopath answers no longer apply.",
                        Source(directive.Position));
                    break;
                case "kubernetes":
                    break;
                default:
                    if (CoreDnsPlugins.ZonesAfterArguments.TryGetValue(name, out var skip))
                    {
                        ReadAnsweringPlugin(directive, skip);
                    }

                    break;
            }
        }
    }

    private void ReadRootForward(Directive directive)
    {
        if (directive.Name.Value == "proxy")
        {
            findings.Info(DiagnosticCodes.LegacyProxy, "the legacy proxy plugin is read as forward.", Source(directive.Position));
        }

        if (directive.Args.Count < 2)
        {
            return;
        }

        var from = directive.Args[0].Value;
        var (servers, options) = ReadForwardTargets(directive);
        if (!ZoneNames.TryNormalize(from, out var fromZone, out _))
        {
            if (!findings.Reported.Contains(directive.Args[0].Position))
            {
                findings.Warn(DiagnosticCodes.InvalidZone, $"'{from}' is not a zone; this {directive.Name.Value} line is ignored.", Source(directive.Position));
            }

            return;
        }

        if (fromZone == ZoneNames.Root)
        {
            if (findings.RootUpstreams.Count == 0 && servers.Count > 0)
            {
                findings.RootUpstreams.AddRange(servers);
            }

            return;
        }

        findings.Info(DiagnosticCodes.ForwardInRootBlock,
            $"'{directive.Name.Value} {from} …' in the root block routes {ZoneNames.ToDisplay(fromZone)} to its own servers; carried over as a stub domain.",
            Source(directive.Position));
        AddStub(fromZone, servers, options, directive);
    }

    private void ReadZoneBlock(ServerBlock block, List<string> zones)
    {
        var answering = block.Directives
            .Select(d => d.Name.Value)
            .Where(n => !CoreDnsPlugins.Transparent.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var forwards = block.Directives.Where(d => d.Name.Value is "forward" or "proxy" && !findings.UnreachedForwards.Contains(d.Position)).ToList();
        foreach (var proxy in forwards.Where(d => d.Name.Value == "proxy"))
        {
            findings.Info(DiagnosticCodes.LegacyProxy, "the legacy proxy plugin is read as forward.", Source(proxy.Position));
        }

        if (answering.Count > 0 || forwards.Count == 0)
        {
            if (answering.Contains("kubernetes") && answering.Count == 1)
            {
                // A cluster-domain block: the kubernetes plugin answers it, as it does for the cluster domain.
                return;
            }

            var reason = answering.Count > 0
                ? $"CoreDNS answers it with {string.Join(", ", answering)}"
                : "its block has no forward, so CoreDNS answers it itself";
            foreach (var zone in zones.Where(z => !findings.ClusterDomains.Any(c => c.Zone == z) && !findings.ReverseZones.Any(c => c.Zone == z)))
            {
                findings.Route(zone, reason, Source(block.Position));
                findings.Info(DiagnosticCodes.AnsweredByCoreDns, $"{ZoneNames.ToDisplay(zone)}: {reason}; routed to cluster DNS.", Source(block.Position));
            }

            return;
        }

        foreach (var forward in forwards)
        {
            if (forward.Args.Count < 2)
            {
                continue;
            }

            var (servers, options) = ReadForwardTargets(forward);
            var from = forward.Args[0].Value;
            if (!ZoneNames.TryNormalize(from, out var fromZone, out _))
            {
                if (!findings.Reported.Contains(forward.Args[0].Position))
                {
                    findings.Warn(DiagnosticCodes.InvalidZone, $"'{from}' is not a zone; this {forward.Name.Value} line is ignored.", Source(forward.Position));
                }

                continue;
            }

            foreach (var zone in zones)
            {
                // forward FROM applies to names under FROM only; "." means the whole block zone.
                var target = fromZone == ZoneNames.Root ? zone
                    : ZoneNames.IsInZone(fromZone, zone) ? fromZone
                    : null;
                if (target is null)
                {
                    findings.Warn(DiagnosticCodes.InvalidZone,
                        $"'{forward.Name.Value} {from}' can never match inside zone {ZoneNames.ToDisplay(zone)}; ignored.", Source(forward.Position));
                    continue;
                }

                AddStub(target, servers, options, forward, Source(block.Position));
            }
        }
    }

    private (List<string> Servers, ForwardOptions Options) ReadForwardTargets(Directive directive)
    {
        var servers = new List<string>();
        foreach (var arg in directive.Args.Skip(1))
        {
            if (findings.Reported.Contains(arg.Position))
            {
                // CoreDNS refuses this upstream; that error says so already.
                continue;
            }

            if (UpstreamAddress.TryNormalize(arg.Value, out var normalized, out var problem))
            {
                if (UpstreamAddress.IsLoopback(normalized))
                {
                    // Loopback in CoreDNS's config is CoreDNS's own pod (a sidecar, say); on the node it would be
                    // the node itself.
                    findings.Warn(DiagnosticCodes.UnusableUpstream,
                        $"'{arg.Value}' is CoreDNS's own loopback (a sidecar in its pod); a node cache on the host network cannot reach it, so this upstream is left out.",
                        Source(arg.Position));
                }
                else if (!servers.Contains(normalized))
                {
                    servers.Add(normalized);
                }
            }
            else
            {
                findings.Warn(DiagnosticCodes.UnusableUpstream, problem + "; this upstream is left out.", Source(arg.Position));
            }
        }

        var options = ForwardOptions.Default;
        foreach (var option in directive.Children)
        {
            var args = option.ArgValues.ToList();
            options = option.Name.Value switch
            {
                "force_tcp" => options with { ForceTcp = true },
                "prefer_udp" => options with { PreferUdp = true },
                "policy" when args.Count == 1 && ParsePolicy(args[0]) is { } policy => options with { Policy = policy },
                "tls_servername" when args.Count == 1 => options with { TlsServerName = args[0] },
                "except" => options with { Except = [.. options.Except, .. args.Select(Normalize).OfType<string>()] },
                _ => options,
            };
            if (option.Name.Value is not ("force_tcp" or "prefer_udp" or "policy" or "tls_servername" or "except"))
            {
                findings.Info(DiagnosticCodes.OptionDropped,
                    $"forward option '{option.Name.Value}' tunes CoreDNS's own connections and is not carried to the node cache.", Source(option.Position));
            }
        }

        return (servers, options);
    }

    private void AddStub(string zone, List<string> servers, ForwardOptions options, Directive forward, string? blockSource = null)
    {
        var display = ZoneNames.ToDisplay(zone);
        var source = blockSource ?? Source(forward.Position);
        if (findings.StubDomains.FirstOrDefault(s => s.Zone == display) is { } existing)
        {
            findings.Warn(DiagnosticCodes.DuplicateZone,
                $"stub domain {display} is already configured at {existing.Source}; that one is used.", source);
            return;
        }

        if (servers.Count == 0)
        {
            findings.Warn(DiagnosticCodes.NoUsableUpstream,
                $"stub domain {display} has no usable upstream; it is routed to cluster DNS so CoreDNS resolves it with its own config.", source);
            findings.Route(zone, "its upstreams cannot be used by a node cache", source);
            return;
        }

        if (servers.Any(s => s.StartsWith("tls://", StringComparison.Ordinal)))
        {
            findings.Info(DiagnosticCodes.ForwardedViaClusterDns,
                $"stub domain {display} uses DNS over TLS, which the node cache does not speak; the node cache forwards it to cluster DNS, where CoreDNS keeps using TLS.", source);
        }

        findings.StubDomains.Add(new StubDomain(display, servers, options, source));
    }

    private void ReadHosts(Directive directive)
    {
        var source = Source(directive.Position);
        var file = directive.Args.Count > 0 ? directive.Args[0].Value : "/etc/hosts";
        var names = new List<string>();
        foreach (var entry in directive.Children)
        {
            if (entry.Name.Value is "ttl" or "reload" or "no_reverse" or "fallthrough")
            {
                continue;
            }

            names.AddRange(entry.ArgValues);
        }

        if (file != "/etc/hosts")
        {
            var path = PathPattern.Resolve(ClusterDnsInputs.CoreDnsMountPath, file);
            var found = files.Find(path);
            if (found.Count == 0)
            {
                findings.Warn(DiagnosticCodes.NeedsClusterDnsUpstream,
                    $"hosts file {file} is not among the inputs, so its names are unknown; they reach CoreDNS only when upstreamMode is ClusterDNS.", source);
            }
            else
            {
                names.AddRange(HostsFileNames(found[0].Text));
            }
        }

        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            findings.Route(name, "a hosts entry in CoreDNS", source);
        }

        if (names.Count > 0)
        {
            findings.Info(DiagnosticCodes.AnsweredByCoreDns, $"{names.Count} name(s) from hosts are answered by CoreDNS; routed to cluster DNS.", source);
        }
    }

    private static IEnumerable<string> HostsFileNames(string text) =>
        text.Split('\n')
            .Select(line => line.Split('#')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 1)
            .SelectMany(fields => fields.Skip(1));

    private void ReadRewrite(Directive directive)
    {
        var args = directive.ArgValues.ToList();
        if (args.Count > 0 && args[0] is "continue" or "stop")
        {
            args.RemoveAt(0);
        }

        var source = Source(directive.Position);
        if (args.Count >= 3 && args[0] == "name")
        {
            var (type, from) = args.Count >= 4 && args[1] is "exact" or "prefix" or "suffix" or "substring" or "regex"
                ? (args[1], args[2])
                : ("exact", args[1]);
            if (type is "exact" or "suffix")
            {
                findings.Route(from.TrimStart('.'), $"CoreDNS rewrites it ({type} rewrite)", source);
                findings.Info(DiagnosticCodes.AnsweredByCoreDns, $"names matching '{from}' are rewritten by CoreDNS; routed to cluster DNS.", source);
                return;
            }
        }

        findings.Warn(DiagnosticCodes.NeedsClusterDnsUpstream,
            $"'rewrite {string.Join(' ', directive.ArgValues)}' changes queries that cannot be listed as zones; it applies to names the node cache sends elsewhere only when upstreamMode is ClusterDNS.",
            source);
    }

    private void ReadAnsweringPlugin(Directive directive, int skip)
    {
        var zones = directive.ArgValues.Skip(skip).ToList();
        var source = Source(directive.Position);
        if (zones.Count == 0 || zones.Any(z => Normalize(z) == ZoneNames.Root))
        {
            findings.Warn(DiagnosticCodes.NeedsClusterDnsUpstream,
                $"{directive.Name.Value} in the root block can answer any name; its answers reach pods only when upstreamMode is ClusterDNS.", source);
            return;
        }

        foreach (var zone in zones)
        {
            findings.Route(zone, $"CoreDNS answers it with {directive.Name.Value}", source);
        }

        findings.Info(DiagnosticCodes.AnsweredByCoreDns, $"{directive.Name.Value} answers {string.Join(", ", zones)} in CoreDNS; routed to cluster DNS.", source);
    }

    private static ForwardPolicy? ParsePolicy(string text) => ForwardPolicyNames.TryParse(text, out var policy) ? policy : null;

    private static string? Normalize(string zone) => ZoneNames.TryNormalize(zone, out var normalized, out _) ? normalized : null;

    private static bool IsReverse(string zone) => zone.EndsWith("in-addr.arpa.", StringComparison.Ordinal) || zone.EndsWith("ip6.arpa.", StringComparison.Ordinal);

    private static bool TryReverse(string zone, out string? normalized)
    {
        normalized = ZoneNames.TryReverseZones(zone, out var zones) ? zones[0] : null;
        return normalized is not null;
    }

    private static IEnumerable<string> ExpandReverse(string written, string? normalized) =>
        written.Contains('/', StringComparison.Ordinal) && ZoneNames.TryReverseZones(written, out var zones) ? zones : [normalized!];

    /// <summary><c>file:line</c>, the form the stubdomains command prints.</summary>
    internal static string Source(SourcePosition position) => $"{position.File}:{position.Line}";
}
