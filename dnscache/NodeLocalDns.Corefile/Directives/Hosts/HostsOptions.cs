using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Hosts;

/// <summary>
/// <c>hosts [FILE [ZONES...]] [{ INLINE...; ttl SECONDS; no_reverse; reload DURATION; fallthrough [ZONES...] }]</c>:
/// answers A, AAAA and PTR from an /etc/hosts-style file (default <c>/etc/hosts</c>) and inline entries.
/// The file is read by the daemon, not by the loader.
/// </summary>
public sealed record HostsOptions(string Path, ValueList<string> Zones, ValueList<HostsEntry> Inline)
{
    /// <summary>The TTL of the answers (default 3600 s).</summary>
    public int Ttl { get; init; } = 3600;

    /// <summary>Do not answer PTR queries from the entries.</summary>
    public bool NoReverse { get; init; }

    /// <summary>How often the file is re-read (default 5 s; 0 disables).</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>fallthrough</c>: names not found go on to the next handler; <c>null</c> when not given.</summary>
    public ValueList<string>? Fallthrough { get; init; }
}
