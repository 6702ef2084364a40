namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>How much a diagnostic matters.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; nothing is lost.</summary>
    Info,

    /// <summary>Something was skipped, changed or may not behave as in CoreDNS; the output is still usable.</summary>
    Warning,

    /// <summary>
    /// CoreDNS itself would refuse to load this config, so it still runs its previous one: the CLI exits 2 and the
    /// operator sets ConfigValid=False and keeps the last good node-cache config.
    /// </summary>
    Error,
}
