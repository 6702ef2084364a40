namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// Keeps <see cref="NftablesRuleSet"/>'s table on the node: missing rules are appended in one transaction
/// (another instance's rules in the same table are left alone, so a surge pod and the pod it replaces never
/// undo each other), and teardown deletes the table.
/// </summary>
internal sealed class NftablesRules(IReadOnlyList<DnsTrafficRule> rules, CommandRunner runner)
{
    /// <summary>Adds what is missing.</summary>
    public async Task<RuleSync> EnsureAsync(CancellationToken cancellationToken)
    {
        var list = await runner.RunAsync("nft", ["list", "table", .. NftablesRuleSet.Table.Split(' ')], null, cancellationToken).ConfigureAwait(false);
        if (!list.Succeeded && list.ExitCode == -1)
        {
            return new RuleSync([], 0, SetupErrorType.Nftables, $"nft list table {NftablesRuleSet.Table}: {list.Problem}");
        }

        // A failed listing with an exit code means "No such file or directory": the table is gone.
        var missing = NftablesRuleSet.Missing(rules, list.Succeeded ? list.StandardOutput : string.Empty);
        if (missing.Count == 0)
        {
            return RuleSync.Unchanged;
        }

        var add = await runner.RunAsync("nft", ["-f", "-"], NftablesRuleSet.AddScript(missing), cancellationToken).ConfigureAwait(false);
        return add.Succeeded
            ? new RuleSync(missing, 0, null, null)
            : new RuleSync([], 0, SetupErrorType.Nftables, $"nft -f: {add.Problem}");
    }

    /// <summary>Deletes the table (a missing table is not an error).</summary>
    public async Task<RuleSync> RemoveAsync(CancellationToken cancellationToken)
    {
        var delete = await runner.RunAsync("nft", ["delete", "table", .. NftablesRuleSet.Table.Split(' ')], null, cancellationToken).ConfigureAwait(false);
        return delete.Succeeded || delete.StandardError.Contains("No such file or directory", StringComparison.Ordinal)
            ? new RuleSync([], delete.Succeeded ? rules.Count : 0, null, null)
            : new RuleSync([], 0, SetupErrorType.Nftables, $"nft delete table {NftablesRuleSet.Table}: {delete.Problem}");
    }
}
