namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>What CoreDNS makes of a target.</summary>
internal enum ForwardTargetKind
{
    /// <summary>An address it accepts.</summary>
    Address,

    /// <summary>A file path it reads name servers from (assumed present in CoreDNS's pod).</summary>
    File,

    /// <summary>A host name it resolves at start-up (1.14.4 and later).</summary>
    HostName,

    /// <summary>Something it refuses to load.</summary>
    Refused,
}
