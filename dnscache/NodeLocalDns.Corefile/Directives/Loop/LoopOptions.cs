namespace NodeLocalDns.Corefile.Directives.Loop;

/// <summary>
/// <c>loop</c>: at start-up, send a random <c>&lt;random&gt;.&lt;random&gt;.zone. HINFO</c> query to ourselves
/// through the forwarders; seeing it come back more than twice means the upstream forwards to us, and the
/// daemon stops rather than melt down (as CoreDNS's loop plugin does).
/// </summary>
public sealed record LoopOptions
{
    /// <summary>The only form: <c>loop</c> takes no arguments.</summary>
    public static LoopOptions Default { get; } = new();
}
