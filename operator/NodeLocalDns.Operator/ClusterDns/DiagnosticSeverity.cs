namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>How much a diagnostic matters.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; nothing is lost.</summary>
    Info,

    /// <summary>Something was skipped, changed or may not behave as in CoreDNS; the output is still usable.</summary>
    Warning,

    /// <summary>Part of the configuration is unusable (the rest is still used).</summary>
    Error,
}
