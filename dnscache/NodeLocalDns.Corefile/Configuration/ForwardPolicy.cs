namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// How <c>forward</c> picks an upstream (<c>policy</c>). Shared by the daemon's <c>forward</c> and the
/// operator, which reads it from a cluster's CoreDNS and writes it into node-cache blocks; the names are in
/// <see cref="ForwardPolicyNames"/>.
/// </summary>
public enum ForwardPolicy
{
    /// <summary><c>random</c> (the default): a random healthy upstream per query.</summary>
    Random,

    /// <summary><c>round_robin</c>: the next upstream per query.</summary>
    RoundRobin,

    /// <summary><c>sequential</c>: the first healthy upstream in the listed order.</summary>
    Sequential,
}
