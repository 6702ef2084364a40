namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// A client waiting for a <see cref="UdpExchange"/>: several clients asking the same question at the same time wait
/// on one exchange, linked through <see cref="Next"/>. <see cref="Deliver"/> is called once, on the thread that
/// finished the exchange (the upstream channel's receive thread, or its sweeper).
/// </summary>
internal abstract class ForwardWaiter
{
    /// <summary>The next client waiting on the same exchange.</summary>
    public ForwardWaiter? Next { get; set; }

    /// <summary>
    /// The exchange finished: <paramref name="result"/> holds the answer or the failure; with
    /// <paramref name="retryAsync"/> the answer cannot be used as it is (truncated: it needs TCP) and the client
    /// must be answered by the asynchronous path instead.
    /// </summary>
    public abstract void Deliver(byte[] key, ForwardResult result, bool retryAsync);
}
