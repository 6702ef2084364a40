using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>What forwarding a query produced.</summary>
internal readonly record struct ForwardResult(ForwardOutcome Outcome, UpstreamResponse? Response, string? Error);
