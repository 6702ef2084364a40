namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// A zone whose names CoreDNS answers itself (a <c>hosts</c> entry, a <c>rewrite</c>, a <c>template</c>,
/// a <c>file</c> zone…) outside the cluster domain. The node cache must send these to cluster DNS,
/// or it would ask the VPC resolver, which knows nothing of them.
/// </summary>
public sealed record ClusterDnsRoute(string Zone, string Reason, string Source);
