namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// Something waiting on a <see cref="UdpPortPool"/> for the answer with its ID: the question the answer must
/// carry (RFC 5452 §9.1), when it stops waiting (<see cref="Environment.TickCount64"/> milliseconds), and what to do
/// with the answer or the failure. The pool's receive thread calls <see cref="Complete"/>; its sweep and its
/// disposal (and a failed send) call <see cref="Fail"/>. Each is called at most once per registration.
/// </summary>
internal abstract class UpstreamWaiter
{
    /// <summary>The question as sent: the lower-case wire name, type and class.</summary>
    public abstract ReadOnlySpan<byte> Question { get; }

    /// <summary>When the pool gives up on this registration.</summary>
    public long Deadline { get; set; }

    /// <summary>
    /// Whether the answer's question must be spelt exactly as <see cref="Question"/> (0x20 case randomisation);
    /// otherwise the case is ignored (RFC 4343).
    /// </summary>
    public bool ExactCase { get; set; }

    /// <summary>The answer arrived (valid until the call returns).</summary>
    public abstract void Complete(ReadOnlySpan<byte> answer);

    /// <summary>No answer: a timeout, an ICMP error, the channel closed.</summary>
    public abstract void Fail(UpstreamException error);
}
