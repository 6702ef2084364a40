namespace NodeLocalDns.Controllers.Informers;

/// <summary>Timing of an <see cref="Informer{T}"/>. The defaults are kube-rs's watcher defaults.</summary>
public sealed class InformerOptions
{
    /// <summary>
    /// The longest a watch request stays open before the server ends it and the informer re-watches; each watch
    /// asks for a random 90-100% of it, so a fleet of informers does not reconnect in lockstep. Default 290 s,
    /// under the 295 s after which some proxies and clients cut idle streams.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromSeconds(290);

    /// <summary>The first retry delay after a failed list or watch; it doubles per consecutive failure. Default 800 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest retry delay. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this long without a failure the backoff starts again from <see cref="InitialBackoff"/>. Default 120 s.</summary>
    public TimeSpan BackoffResetAfter { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A watch that ends normally this soon after it opened, having delivered nothing, counts as a failure (backoff
    /// instead of an immediate re-watch), so a server that closes every stream at once is not hammered. Default 1 s.
    /// </summary>
    public TimeSpan MinHealthyWatch { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Called, on the informer's loop, for each object that is set aside because it does not decode (once per object and
    /// version). Must be quick; an operator records an event there.
    /// </summary>
    public Action<UndecodableObject>? OnUndecodable { get; set; }
}
