using System.Net;
using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Directives.Forward;

/// <summary>
/// One <c>forward</c> target: either an address (<c>10.0.0.10</c>, <c>10.0.0.10:5353</c>, <c>[::1]:53</c>,
/// <c>dns://…</c>) or a resolv.conf-style file whose <c>nameserver</c> lines the daemon reads when it starts
/// (the loader does no I/O). The position is not compared.
/// </summary>
public sealed record UpstreamTarget(IPEndPoint? Endpoint, string? ResolvConfPath)
{
    /// <summary>Where the target was written.</summary>
    public SourcePosition Position { get; init; } = SourcePosition.None;

    /// <summary>An address target.</summary>
    public static UpstreamTarget Address(IPEndPoint endpoint) => new(endpoint, null);

    /// <summary>A resolv.conf target.</summary>
    public static UpstreamTarget File(string path) => new(null, path);

    /// <inheritdoc />
    public override string ToString() => Endpoint?.ToString() ?? ResolvConfPath ?? string.Empty;
}
