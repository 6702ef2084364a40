namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// Which iptables the node uses. Rules written through the other backend would sit in kernel tables
/// the node's kube-proxy never looks at, or would look like leftovers to it; so, like kube-proxy's image
/// (kubernetes-sigs/iptables-wrappers) and node-cache's (kubernetes/dns#367), the backend is detected from
/// the rules already on the node.
/// </summary>
internal sealed record IptablesBackend(string Mode, string Iptables, string Ip6tables, string Reason)
{
    // kubelet (1.17+) creates one of these chains in the mangle table of the backend it uses.
    private static readonly string[] KubeletChains = [":KUBE-IPTABLES-HINT", ":KUBE-KUBELET-CANARY"];

    /// <summary>
    /// Detects the backend: kubelet's hint chains in iptables-nft, then in iptables-legacy; without them,
    /// the backend holding more rules (the iptables-wrappers v2 rule, so a node without kubelet, such as a
    /// test namespace, is still read right); nft otherwise, as the wrappers default. Plain <c>iptables</c>
    /// when the node's tools have no variants.
    /// </summary>
    public static async Task<IptablesBackend> DetectAsync(CommandRunner runner, CancellationToken cancellationToken)
    {
        var hasNft = ExecutableLookup.Exists("iptables-nft");
        var hasLegacy = ExecutableLookup.Exists("iptables-legacy");
        if (!hasNft || !hasLegacy)
        {
            return hasNft ? Nft("only iptables-nft is installed")
                : hasLegacy ? Legacy("only iptables-legacy is installed")
                : new IptablesBackend("default", "iptables", "ip6tables", "iptables has no legacy/nft variants here");
        }

        async Task<string> Save(string program, params string[] args) =>
            (await runner.RunAsync(program, args, null, cancellationToken).ConfigureAwait(false)).StandardOutput;

        var nftMangle = await Save("iptables-nft-save", "-t", "mangle").ConfigureAwait(false)
            + await Save("ip6tables-nft-save", "-t", "mangle").ConfigureAwait(false);
        if (HasKubeletChains(nftMangle))
        {
            return Nft("kubelet's chains are in iptables-nft");
        }

        // Never "-t mangle" with legacy: asking for a legacy table creates it in the kernel.
        var legacy = await Save("iptables-legacy-save").ConfigureAwait(false) + await Save("ip6tables-legacy-save").ConfigureAwait(false);
        if (HasKubeletChains(legacy))
        {
            return Legacy("kubelet's chains are in iptables-legacy");
        }

        var nft = await Save("iptables-nft-save").ConfigureAwait(false) + await Save("ip6tables-nft-save").ConfigureAwait(false);
        var (legacyRules, nftRules) = (CountRules(legacy), CountRules(nft));
        return legacyRules > nftRules
            ? Legacy($"no kubelet chains; iptables-legacy holds more rules ({legacyRules} against {nftRules})")
            : Nft(nftRules > 0 ? $"no kubelet chains; iptables-nft holds {nftRules} rules, legacy {legacyRules}" : "no rules anywhere yet; nft is the default");
    }

    /// <summary>Whether a save output holds kubelet's hint chains.</summary>
    internal static bool HasKubeletChains(string save) =>
        save.Split('\n').Any(line => KubeletChains.Any(chain => line.StartsWith(chain + " ", StringComparison.Ordinal)));

    /// <summary>The rules (<c>-A</c> lines) in a save output.</summary>
    internal static int CountRules(string save) => save.Split('\n').Count(line => line.StartsWith("-A ", StringComparison.Ordinal));

    private static IptablesBackend Nft(string reason) => new("nft", "iptables-nft", "ip6tables-nft", reason);

    private static IptablesBackend Legacy(string reason) => new("legacy", "iptables-legacy", "ip6tables-legacy", reason);
}
