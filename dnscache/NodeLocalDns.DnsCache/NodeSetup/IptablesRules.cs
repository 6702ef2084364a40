namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// Keeps node-cache's rules in the node's iptables: adds what is missing (prepended, as node-cache does,
/// so they come before anything that could drop or DNAT the traffic), removes duplicates, and removes
/// every copy on teardown. Every call waits up to 5 s for the xtables lock (<c>-w 5</c>; the lock file is
/// the host's <c>/run/xtables.lock</c>, mounted into the pod, or iptables-legacy would race kube-proxy as
/// in kubernetes/dns#643); a lock that stays held is reported as <c>iptables_lock</c>, anything else as
/// <c>iptables</c>.
/// </summary>
internal sealed class IptablesRules(IptablesBackend backend, IReadOnlyList<DnsTrafficRule> rules, CommandRunner runner)
{
    /// <summary>The backend the rules are written with.</summary>
    public IptablesBackend Backend => backend;

    /// <summary>Adds missing rules and removes duplicates.</summary>
    public Task<RuleSync> EnsureAsync(CancellationToken cancellationToken) => PassAsync(remove: false, cancellationToken);

    /// <summary>Removes every copy of every rule.</summary>
    public Task<RuleSync> RemoveAsync(CancellationToken cancellationToken) => PassAsync(remove: true, cancellationToken);

    private async Task<RuleSync> PassAsync(bool remove, CancellationToken cancellationToken)
    {
        var added = new List<DnsTrafficRule>();
        var removed = 0;
        foreach (var group in rules.GroupBy(r => (r.IsIPv6, r.Table)))
        {
            var program = group.Key.IsIPv6 ? backend.Ip6tables : backend.Iptables;
            var list = await runner.RunAsync(program, ["-w", "5", "-t", group.Key.Table, "-S"], null, cancellationToken).ConfigureAwait(false);
            if (!list.Succeeded)
            {
                return Fail(added, removed, program, $"-t {group.Key.Table} -S", list);
            }

            var listing = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var rule in group)
            {
                var count = IptablesRuleSet.Count(rule, listing);
                var wanted = remove ? 0 : 1;
                for (; count > wanted; count--)
                {
                    var delete = await runner.RunAsync(
                        program,
                        ["-w", "5", "-t", rule.Table, "-D", rule.Chain, .. IptablesRuleSet.Arguments(rule)],
                        null,
                        cancellationToken).ConfigureAwait(false);
                    if (!delete.Succeeded)
                    {
                        return Fail(added, removed, program, $"-D {rule}", delete);
                    }

                    removed++;
                }

                if (count < wanted)
                {
                    var insert = await runner.RunAsync(
                        program,
                        ["-w", "5", "-t", rule.Table, "-I", rule.Chain, "1", .. IptablesRuleSet.Arguments(rule)],
                        null,
                        cancellationToken).ConfigureAwait(false);
                    if (!insert.Succeeded)
                    {
                        return Fail(added, removed, program, $"-I {rule}", insert);
                    }

                    added.Add(rule);
                }
            }
        }

        return new RuleSync(added, removed, null, null);
    }

    private static RuleSync Fail(List<DnsTrafficRule> added, int removed, string program, string what, CommandResult result)
    {
        // iptables exits 4 with "Another app is currently holding the xtables lock" when -w runs out.
        var locked = result.StandardError.Contains("xtables lock", StringComparison.Ordinal);
        return new RuleSync(added, removed, locked ? SetupErrorType.IptablesLock : SetupErrorType.Iptables, $"{program} {what}: {result.Problem}");
    }
}
