using System.Globalization;
using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// Checks a parsed Corefile the way CoreDNS loads it, for one CoreDNS release, and says what it would refuse with its
/// own words (Caddy's <c>Unknown directive</c>, each <c>setup.go</c>'s <c>unknown property</c>, <c>plugin.ErrOnce</c>,
/// <c>parse.HostPortOrFile</c>'s <c>not an IP address or file</c>, <c>plugin.SplitHostPort</c>'s key errors). A
/// refusal is an error located at its token: CoreDNS would keep running its previous config, so the node cache must
/// not follow this one. What CoreDNS loads but cannot be what the admin meant (placeholders, a forward that never gets a
/// query) is a warning.
/// </summary>
internal sealed class CoreDnsValidator(ClusterDnsFindings findings, CoreDnsVersion version)
{
    private const int MaxUpstreams = 15;

    private const string PillarAdvice =
        "it is a __PILLAR__ placeholder that node-cache fills in at run time: " +
        "this is node-cache's Corefile template, not CoreDNS's own configuration (read kube-system/coredns instead)";

    /// <summary>Checks every server block of <paramref name="document"/>.</summary>
    public void Validate(CorefileDocument document)
    {
        foreach (var block in document.ServerBlocks)
        {
            ValidateKeys(block);
            ValidateDirectives(block);
        }
    }

    private void ValidateKeys(ServerBlock block)
    {
        for (var i = 0; i < block.Keys.Count; i++)
        {
            var key = block.Keys[i];
            if (CoreDnsNames.EnvironmentVariable(key.Value) is { } variable)
            {
                findings.Warn(DiagnosticCodes.EnvironmentPlaceholder,
                    $"server key '{key.Value}' takes {{${variable}}} from CoreDNS's pod environment at load; " +
                    "its value is unknown here, so a node cache cannot mirror this block and skips it.",
                    key.Position);
                continue;
            }

            if (CoreDnsNames.NamesNoZone(key.Value))
            {
                findings.Warn(DiagnosticCodes.InvalidServerKey,
                    $"server key '{key.Value}' names a port but no zone: older CoreDNS releases serve the root zone for it, " +
                    $"newer ones refuse it (\"zone is not a valid domain name: \"); it is read as '.{key.Value}', write that.",
                    key.Position);
                continue;
            }

            if (CoreDnsNames.KeyError(key.Value) is { } error)
            {
                findings.Refuse(DiagnosticCodes.InvalidServerKey, key.Position, Refusal(error, "fix the server key"));
                continue;
            }

            if (!CoreDnsNames.LooksLikePlaceholder(key.Value))
            {
                continue;
            }

            // "<domain to be rewritten>.com:53 {" is one placeholder written with spaces; Caddy splits it into four keys.
            var end = i;
            if (key.Value.Contains('<', StringComparison.Ordinal) && !key.Value.Contains('>', StringComparison.Ordinal))
            {
                while (end + 1 < block.Keys.Count
                    && block.Keys[end + 1].Position.Line == key.Position.Line
                    && !block.Keys[end].Value.Contains('>', StringComparison.Ordinal))
                {
                    end++;
                }
            }

            var span = block.Keys.Skip(i).Take(end - i + 1).Select(k => k.Value).ToList();
            var zones = span.Select(k => ZoneAddress.TryParse(k, out var parsed, out _) ? string.Join(", ", parsed.Select(z => z.Zone)) : k);
            findings.Warn(DiagnosticCodes.PlaceholderZone,
                span.Count > 1
                    ? $"server key '{string.Join(' ', span)}' is a placeholder written with spaces: " +
                        $"CoreDNS splits it and serves the zones {string.Join(", ", zones)}, " +
                        "none of which is what was meant; put the real domain there."
                    : $"server key '{key.Value}' is a placeholder, not a domain: " +
                        $"CoreDNS loads it as the zone {string.Join(", ", zones)}, " +
                        "which no real query is meant for; put the real domain there.",
                key.Position);
            i = end;
        }
    }

    private void ValidateDirectives(ServerBlock block)
    {
        var seen = new Dictionary<string, Directive>(StringComparer.Ordinal);
        var forwards = new List<Directive>();
        foreach (var directive in block.Directives)
        {
            var name = directive.Name.Value;
            var plugin = CoreDnsPluginCatalog.Find(name);
            if (plugin is null || !plugin.InBuild(version))
            {
                findings.Refuse(DiagnosticCodes.UnknownDirective, directive.Position,
                    Refusal($"Unknown directive '{name}'", UnknownDirectiveAdvice(name, plugin, directive)));
                continue;
            }

            if (seen.TryGetValue(name, out var first) && plugin.OnceIn(version))
            {
                var advice = $"the first {name} is at {first.Position}"
                    + (directive.Position.File != block.Position.File ? $"; this one comes from {directive.Position.File}" : string.Empty)
                    + (plugin.SeveralSince is { } several ? $"; several are allowed from CoreDNS {several}" : "; merge them into one");
                findings.Refuse(DiagnosticCodes.DuplicatePlugin, directive.Position,
                    Refusal($"plugin/{name}: this plugin can only be used once per Server Block", advice));
            }

            seen.TryAdd(name, directive);
            ValidateOptions(plugin, directive);
            switch (name)
            {
                case "forward" or "proxy":
                    ValidateForward(directive);
                    forwards.Add(directive);
                    break;
                case "kubernetes":
                    ValidateKubernetes(directive, block);
                    break;
                case "health" or "ready" or "prometheus":
                    ValidateListenAddress(directive);
                    break;
                case "cache":
                    ValidateCache(directive);
                    break;
                case "errors":
                    ValidateErrors(directive);
                    break;
                case "rewrite":
                    ValidateRewrite(directive);
                    break;
                default:
                    break;
            }
        }

        WarnUnreachedForwards(forwards);
    }

    private string UnknownDirectiveAdvice(string name, CoreDnsPlugin? plugin, Directive directive)
    {
        if (plugin?.RemovedIn is { } removed && version.AtLeast(removed))
        {
            return $"{name} was removed in CoreDNS {removed}; use {plugin.Replacement}";
        }

        if (plugin?.Since is { } since)
        {
            return $"{name} arrived in CoreDNS {since}";
        }

        if (CoreDnsNames.LooksLikePlaceholder(name))
        {
            return "it is placeholder text left in the Corefile; replace it with the lines it stands for";
        }

        if (directive.Block is not null && (name == "." || name.Contains('.', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal)))
        {
            return "this looks like a server block nested inside another, which a Corefile cannot have; close the enclosing block before it";
        }

        return "no plugin of that name is in CoreDNS's build (a misspelling, or an external plugin that needs a CoreDNS compiled with it)";
    }

    private void ValidateOptions(CoreDnsPlugin plugin, Directive directive)
    {
        if (plugin.Options is not { } options)
        {
            return;
        }

        foreach (var option in directive.Children)
        {
            var name = option.Name.Value;
            var words = $"plugin/{plugin.Name}: {string.Format(CultureInfo.InvariantCulture, plugin.UnknownOptionWords, name)}";
            if (!options.TryGetValue(name, out var known))
            {
                findings.Refuse(DiagnosticCodes.UnknownOption, option.Position, Refusal(words, $"{plugin.Name} has no option '{name}'"));
            }
            else if (known.RemovedIn is { } removed && version.AtLeast(removed))
            {
                findings.Refuse(DiagnosticCodes.UnknownOption, option.Position, Refusal(words, $"the option was removed in CoreDNS {removed}; {known.Advice}"));
            }
            else if (known.Since is { } since && !version.AtLeast(since))
            {
                findings.Refuse(DiagnosticCodes.UnknownOption, option.Position, Refusal(words, $"the option arrived in CoreDNS {since}"));
            }
        }
    }

    private void ValidateForward(Directive directive)
    {
        var plugin = directive.Name.Value;
        if (directive.Args.Count < 2)
        {
            var last = directive.Args.Count == 0 ? directive.Name : directive.Args[^1];
            findings.Refuse(DiagnosticCodes.InvalidArgument, last.Position,
                Refusal($"plugin/{plugin}: Wrong argument count or unexpected line ending after '{last.Value}'",
                    $"{plugin} needs the names to forward and at least one upstream: {plugin} . 10.0.0.1"));
            return;
        }

        var from = directive.Args[0];
        if (CoreDnsNames.StripTransport(from.Value) is var fromZone && fromZone != "." && CoreDnsNames.KeyError(fromZone) is not null)
        {
            findings.Refuse(DiagnosticCodes.InvalidArgument, from.Position,
                Refusal($"plugin/{plugin}: unable to normalize '{from.Value}'", "the names to forward must be a domain"));
        }

        if (directive.Args.Count - 1 > MaxUpstreams)
        {
            findings.Refuse(DiagnosticCodes.InvalidUpstream, directive.Args[MaxUpstreams + 1].Position,
                Refusal(string.Create(CultureInfo.InvariantCulture,
                    $"plugin/{plugin}: more than {MaxUpstreams} TOs configured: {directive.Args.Count - 1}"), "split the upstreams"));
        }

        foreach (var target in directive.Args.Skip(1))
        {
            if (CoreDnsNames.EnvironmentVariable(target.Value) is { } variable)
            {
                findings.Warn(DiagnosticCodes.EnvironmentPlaceholder,
                    $"upstream '{target.Value}' takes {{${variable}}} from CoreDNS's pod environment at load; " +
                    "its value is unknown here, so this upstream is left out.",
                    target.Position);
                continue;
            }

            var kind = ForwardTarget.Classify(target.Value, version);
            var host = CoreDnsNames.StripTransport(target.Value);
            if (kind == ForwardTargetKind.Refused)
            {
                var advice = host.Contains("__PILLAR__", StringComparison.Ordinal) ? PillarAdvice
                    : CoreDnsNames.LooksLikePlaceholder(target.Value) ? "it is a placeholder or a redacted address; put the upstream's real IP there"
                    : version.AtLeast(CoreDnsVersion.ForwardHostNames)
                        ? "a forward target is an IP with an optional port, a resolv.conf-style file, or a host name"
                        : "a forward target is an IP with an optional port or a resolv.conf-style file; " +
                            $"host names are accepted only from CoreDNS {CoreDnsVersion.ForwardHostNames}";
                findings.Refuse(DiagnosticCodes.InvalidUpstream, target.Position, Refusal($"plugin/{plugin}: not an IP address or file: \"{host}\"", advice));
            }
            else if (kind == ForwardTargetKind.HostName && CoreDnsNames.LooksLikePlaceholder(host))
            {
                var what = host.Contains("__PILLAR__", StringComparison.Ordinal)
                    ? PillarAdvice
                    : "it is a placeholder or a redacted address, put the upstream's real IP there";
                findings.Refuse(DiagnosticCodes.InvalidUpstream, target.Position,
                    Refusal($"plugin/{plugin}: failed to resolve \"{host}\"",
                        $"CoreDNS {CoreDnsVersion.ForwardHostNames} and later resolve host names at start-up " +
                        $"and exit when one does not resolve; {what}"));
            }
        }

        foreach (var option in directive.Children.Where(o => o.Name.Value == "policy" && o.Args.Count == 1))
        {
            if (option.Args[0].Value is not ("random" or "round_robin" or "sequential"))
            {
                findings.Refuse(DiagnosticCodes.InvalidArgument, option.Args[0].Position,
                    Refusal($"plugin/{plugin}: unknown policy '{option.Args[0].Value}'", "the policies are random, round_robin and sequential"));
            }
        }
    }

    private void ValidateKubernetes(Directive directive, ServerBlock block)
    {
        var zones = directive.Args.Count > 0 ? directive.ArgValues.ToList() : [.. block.KeyValues];
        if (zones.Count > 0 && zones.All(IsReverse))
        {
            findings.Refuse(DiagnosticCodes.InvalidArgument, directive.Position,
                Refusal("plugin/kubernetes: non-reverse zone name must be used",
                    "name the cluster domain too, for example kubernetes cluster.local in-addr.arpa ip6.arpa"));
        }

        static bool IsReverse(string zone)
        {
            var name = CoreDnsNames.StripTransport(zone).Split(':')[0].TrimEnd('.').ToLowerInvariant();
            return name.Contains('/', StringComparison.Ordinal)
                || name.EndsWith("in-addr.arpa", StringComparison.Ordinal)
                || name.EndsWith("ip6.arpa", StringComparison.Ordinal);
        }
    }

    private void ValidateListenAddress(Directive directive)
    {
        var name = directive.Name.Value;
        if (directive.Args.Count > 1)
        {
            findings.Refuse(DiagnosticCodes.InvalidArgument, directive.Args[1].Position,
                Refusal($"plugin/{name}: Wrong argument count or unexpected line ending after '{directive.Args[^1].Value}'",
                    $"{name} takes one address, host:port"));
        }
        else if (directive.Args.Count == 1 && !ForwardTarget.SplitHostPort(directive.Args[0].Value, out _))
        {
            var address = directive.Args[0].Value;
            var reason = address.Count(c => c == ':') > 1 && !address.StartsWith('[') ? "too many colons in address" : "missing port in address";
            findings.Refuse(DiagnosticCodes.InvalidArgument, directive.Args[0].Position,
                Refusal($"plugin/{name}: address {address}: {reason}",
                    $"write it as host:port, for example :{(name == "prometheus" ? "9153" : name == "ready" ? "8181" : "8080")}"));
        }
    }

    private void ValidateCache(Directive directive)
    {
        if (directive.Args.Count > 0 && int.TryParse(directive.Args[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ttl) && ttl <= 0)
        {
            findings.Refuse(DiagnosticCodes.InvalidArgument, directive.Args[0].Position,
                Refusal(string.Create(CultureInfo.InvariantCulture, $"plugin/cache: cache TTL can not be zero or negative: {ttl}"),
                    "give a positive number of seconds, or none"));
        }
    }

    private void ValidateErrors(Directive directive)
    {
        if (directive.Args.Count > 1)
        {
            findings.Refuse(DiagnosticCodes.InvalidArgument, directive.Args[1].Position,
                Refusal($"plugin/errors: Wrong argument count or unexpected line ending after '{directive.Args[^1].Value}'",
                    "errors takes at most one argument, stdout"));
        }
        else if (directive.Args.Count == 1 && directive.Args[0].Value != "stdout")
        {
            findings.Refuse(DiagnosticCodes.InvalidArgument, directive.Args[0].Position,
                Refusal($"plugin/errors: invalid log file: {directive.Args[0].Value}", "errors logs to stdout only"));
        }
    }

    /// <summary>
    /// plugin/rewrite's setup.go reads one rule per directive, from its arguments or, with fewer than two, from its block's
    /// lines; newRule refuses a rule type it does not know. Every type is taken to exist in every release (cname and
    /// rcode are newer), so an older cluster is never refused something wrongly; the rules' own arguments are not checked.
    /// </summary>
    private void ValidateRewrite(Directive directive)
    {
        var tokens = directive.Args.ToList();
        if (tokens.Count < 2)
        {
            foreach (var line in directive.Children)
            {
                tokens.Add(line.Name);
                tokens.AddRange(line.Args);
            }
        }

        if (tokens.Count == 0)
        {
            findings.Refuse(DiagnosticCodes.InvalidArgument, directive.Position,
                Refusal("plugin/rewrite: no rule type specified for rewrite", "write a rule: rewrite name old.example new.example"));
            return;
        }

        var typeAt = tokens[0].Value.ToLowerInvariant() is "continue" or "stop" ? 1 : 0;
        if (typeAt >= tokens.Count)
        {
            return;
        }

        var type = tokens[typeAt];
        switch (type.Value.ToLowerInvariant())
        {
            case "name" or "class" or "type" or "edns0" or "ttl" or "cname" or "rcode":
                break;
            case "answer":
                findings.Refuse(DiagnosticCodes.InvalidArgument, type.Position,
                    Refusal("plugin/rewrite: response rewrites must begin with a name rule", "an answer rewrite follows a name rule in the same rewrite"));
                break;
            default:
                findings.Refuse(DiagnosticCodes.InvalidArgument, type.Position,
                    Refusal($"plugin/rewrite: invalid rule type \"{tokens[0].Value}\"", "the rule types are name, class, type, edns0, ttl, cname and rcode"));
                break;
        }
    }

    /// <summary>
    /// From 1.9.4 several forwards may share a block and run in Corefile order: a forward whose names an earlier one
    /// already takes (same or parent zone, no <c>except</c> and no <c>next</c> to pass queries on) never gets a query.
    /// A <c>coredns-custom</c> override importing a second <c>forward .</c> after the root block's own is the usual case.
    /// </summary>
    private void WarnUnreachedForwards(List<Directive> forwards)
    {
        if (!version.AtLeast(CoreDnsVersion.SeveralForwards))
        {
            return;
        }

        var valid = forwards
            .Where(f => f.Name.Value == "forward"
                && f.Args.Count >= 2
                && ZoneNames.TryNormalize(CoreDnsNames.StripTransport(f.Args[0].Value), out _, out _))
            .ToList();
        for (var j = 1; j < valid.Count; j++)
        {
            var later = valid[j];
            var earlier = valid.Take(j).FirstOrDefault(e =>
                ZoneNames.IsInZone(CoreDnsNames.StripTransport(later.Args[0].Value), CoreDnsNames.StripTransport(e.Args[0].Value))
                && !e.Children.Any(o => o.Name.Value is "next" or "except"));
            if (earlier is not null)
            {
                findings.UnreachedForwards.Add(later.Position);
                findings.Warn(DiagnosticCodes.UnreachedForward,
                    $"'forward {later.Args[0].Value} {string.Join(' ', later.ArgValues.Skip(1))}' never receives a query: " +
                    $"the forward at {earlier.Position} comes first in this block and takes every one of its names " +
                    "(it has neither except nor next), so these upstreams are not used.",
                    later.Position);
            }
        }
    }

    private string Refusal(string coreDnsWords, string advice) => $"CoreDNS {version} refuses to load this Corefile: \"{coreDnsWords}\"; {advice}.";
}
