namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>How <c>forward</c> picks among several upstreams (CoreDNS's <c>policy</c>).</summary>
public enum ForwardPolicy
{
    /// <summary>CoreDNS's default.</summary>
    Random,

    /// <summary>Each query to the next upstream.</summary>
    RoundRobin,

    /// <summary>Always the first healthy upstream, in order.</summary>
    Sequential,
}
