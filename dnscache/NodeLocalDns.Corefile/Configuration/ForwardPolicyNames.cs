namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// The one table of <see cref="ForwardPolicy"/> names, as CoreDNS spells them after <c>policy</c>
/// (plugin/forward/setup.go): the daemon's parser, the operator's CoreDNS reader and its node-cache
/// renderer all go through it.
/// </summary>
public static class ForwardPolicyNames
{
    private static readonly (ForwardPolicy Policy, string Name)[] Table =
    [
        (ForwardPolicy.Random, "random"),
        (ForwardPolicy.RoundRobin, "round_robin"),
        (ForwardPolicy.Sequential, "sequential"),
    ];

    /// <summary>Every name, in the table's order (for syntax lines and messages).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The CoreDNS name of <paramref name="policy"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="policy"/> is not a defined value.</exception>
    public static string ToName(this ForwardPolicy policy)
    {
        foreach (var (p, name) in Table)
        {
            if (p == policy)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(policy), policy, "not a forward policy");
    }

    /// <summary>Reads a CoreDNS policy name (case-sensitive, as CoreDNS reads it).</summary>
    public static bool TryParse(string name, out ForwardPolicy policy)
    {
        foreach (var (p, n) in Table)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                policy = p;
                return true;
            }
        }

        policy = default;
        return false;
    }
}
