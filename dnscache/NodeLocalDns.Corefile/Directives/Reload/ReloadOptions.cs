namespace NodeLocalDns.Corefile.Directives.Reload;

/// <summary>
/// <c>reload [INTERVAL] [JITTER]</c>: the Corefile is checked for changes every INTERVAL (default 30 s)
/// plus up to JITTER (default 15 s); a changed, valid file replaces the running configuration.
/// </summary>
public sealed record ReloadOptions(TimeSpan Interval, TimeSpan Jitter)
{
    /// <summary>Plain <c>reload</c>.</summary>
    public static ReloadOptions Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15));
}
