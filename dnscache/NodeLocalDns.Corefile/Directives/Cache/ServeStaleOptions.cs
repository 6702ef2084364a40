namespace NodeLocalDns.Corefile.Directives.Cache;

/// <summary>
/// <c>serve_stale [DURATION] [REFRESH_MODE]</c>: expired entries are kept for <see cref="Duration"/> (default
/// 1 h) and served when upstream cannot answer. With <c>immediate</c> (the default) a stale entry is answered at
/// once and refreshed in the background; with <c>verify</c> upstream is asked first.
/// </summary>
public sealed record ServeStaleOptions(TimeSpan Duration, bool Verify);
