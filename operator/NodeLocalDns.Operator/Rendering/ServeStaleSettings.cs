namespace NodeLocalDns.Operator.Rendering;

/// <summary>
/// CoreDNS cache <c>serve_stale DURATION [verify|immediate]</c>: answer from expired entries for up to
/// <paramref name="Duration"/> when upstreams fail (RFC 8767).
/// </summary>
public sealed record ServeStaleSettings(TimeSpan Duration, bool Verify = false);
