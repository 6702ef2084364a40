namespace NodeLocalDns.Corefile.Configuration;

/// <summary>How <c>forward</c> picks an upstream (<c>policy</c>).</summary>
public enum ForwardPolicy
{
    /// <summary><c>random</c> (the default): a random healthy upstream per query.</summary>
    Random,

    /// <summary><c>round_robin</c>: the next upstream per query.</summary>
    RoundRobin,

    /// <summary><c>sequential</c>: the first healthy upstream in the listed order.</summary>
    Sequential,
}
