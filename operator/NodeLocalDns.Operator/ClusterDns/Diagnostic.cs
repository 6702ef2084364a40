namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// One finding while reading the cluster's DNS config: a stable <paramref name="Code"/> for machines,
/// a sentence for people, and where it came from (<c>Corefile:12</c>, <c>kube-dns:stubDomains</c>).
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, string Source);
