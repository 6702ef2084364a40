using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// One finding while reading the cluster's DNS config: a stable <paramref name="Code"/> for machines,
/// a sentence for people, and where it came from (<c>Corefile:12</c>, <c>kube-dns:stubDomains</c>; errors carry the
/// column too, <c>Corefile:12:5</c>, as a syntax error does).
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, string Source)
{
    /// <summary>The exact token, for findings located in a Corefile; <c>null</c> otherwise.</summary>
    public SourcePosition? Position { get; init; }
}
