using System.Buffers.Binary;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// One source port of a <see cref="UdpPortPool"/>: a connected UDP socket that carries at most <see cref="Capacity"/>
/// queries, each registered in its own slot under a random ID (RFC 5452 §4.2) until its answer, its timeout or a
/// failure. The connect makes the kernel drop datagrams from any other address (§9.2). Once every slot has been
/// handed out (or the port is too old), it takes no new query and is closed when the last one is finished.
/// </summary>
internal sealed class UdpSourcePort
{
    /// <summary>
    /// Queries one port carries. A port per query (unbound) costs a <c>socket</c>, <c>connect</c>, <c>epoll_ctl</c>
    /// and <c>close</c>, measured at 8 to 10 µs here, most of a miss's whole budget; 32 queries share that cost
    /// (0.3 µs each) while an attacker who learns a port (by a side channel such as SAD DNS, CVE-2020-25705) has
    /// at most 31 other queries to aim at.
    /// </summary>
    public const int Capacity = 32;

    // _reserved set to this closes the port: every later reservation lands past Capacity and is refused.
    private const int Closed = int.MaxValue / 2;

    private readonly UpstreamWaiter?[] _waiters = new UpstreamWaiter?[Capacity];
    private readonly ushort[] _ids = new ushort[Capacity];
    private int _reserved;
    private int _resolved;

    public UdpSourcePort(UdpSocketHandle handle, int index, uint generation, long created)
    {
        Handle = handle;
        Index = index;
        Generation = generation;
        Created = created;
    }

    public UdpSocketHandle Handle { get; }

    /// <summary>Its place in the pool's table (the epoll event names it by index and generation).</summary>
    public int Index { get; }

    public uint Generation { get; }

    /// <summary>When it was opened (<see cref="Environment.TickCount64"/>).</summary>
    public long Created { get; }

    /// <summary>Registrations not yet finished.</summary>
    public int InFlight => Math.Min(Volatile.Read(ref _reserved), Capacity) - Volatile.Read(ref _resolved);

    /// <summary>A slot for one more query, or -1 when the port is full, too old or closed.</summary>
    public int TryReserve(long now, long maxAgeMs)
    {
        if (now - Created > maxAgeMs || Volatile.Read(ref _reserved) >= Capacity)
        {
            return -1;
        }

        var slot = Interlocked.Increment(ref _reserved) - 1;
        return slot < Capacity ? slot : -1;
    }

    /// <summary>Puts <paramref name="waiter"/> in its reserved slot under a random ID not used by another query pending here; returns the ID.</summary>
    public ushort Register(int slot, UpstreamWaiter waiter)
    {
        ushort id;
        do
        {
            id = RandomIds.Next();
        }
        while (IdInUse(id));

        // The ID first, then the waiter with release semantics: the receive thread reads the waiter first.
        _ids[slot] = id;
        Volatile.Write(ref _waiters[slot], waiter);
        return id;
    }

    // Two senders drawing the same ID at the same moment can still meet; the question check tells their answers apart.
    private bool IdInUse(ushort id)
    {
        for (var i = 0; i < Capacity; i++)
        {
            if (_ids[i] == id && Volatile.Read(ref _waiters[i]) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes the waiter out of <paramref name="slot"/> if it is still <paramref name="waiter"/> (exactly one caller wins).</summary>
    public bool TryTake(int slot, UpstreamWaiter waiter)
    {
        if (Interlocked.CompareExchange(ref _waiters[slot], null, waiter) != waiter)
        {
            return false;
        }

        Interlocked.Increment(ref _resolved);
        return true;
    }

    /// <summary>
    /// Hands <paramref name="answer"/> to the query waiting for its ID and question (RFC 5452 §9.1); false when none
    /// does (a guess at the ID, a late or stray answer), and the datagram is dropped.
    /// </summary>
    public bool Dispatch(ReadOnlySpan<byte> answer)
    {
        if (answer.Length < DnsConstants.HeaderLength)
        {
            return false;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(answer);
        var reserved = Math.Min(Volatile.Read(ref _reserved), Capacity);
        for (var slot = 0; slot < reserved; slot++)
        {
            var waiter = Volatile.Read(ref _waiters[slot]);
            if (waiter is not null && _ids[slot] == id && QuestionMatches(answer, waiter) && TryTake(slot, waiter))
            {
                waiter.Complete(answer);
                return true;
            }
        }

        return false;
    }

    /// <summary>Fails the queries whose deadline has passed.</summary>
    public void Sweep(long now, string remote)
    {
        for (var slot = 0; slot < Capacity; slot++)
        {
            var waiter = Volatile.Read(ref _waiters[slot]);
            if (waiter is not null && waiter.Deadline <= now && TryTake(slot, waiter))
            {
                waiter.Fail(new UpstreamException($"read udp {remote}: i/o timeout") { TimedOut = true });
            }
        }
    }

    /// <summary>Fails every query still waiting here (an ICMP error for the port, the pool closing).</summary>
    public void FailAll(Func<UpstreamException> error)
    {
        for (var slot = 0; slot < Capacity; slot++)
        {
            var waiter = Volatile.Read(ref _waiters[slot]);
            if (waiter is not null && TryTake(slot, waiter))
            {
                waiter.Fail(error());
            }
        }
    }

    /// <summary>
    /// Closes the port when it takes no new query (full or older than <paramref name="maxAgeMs"/>) and none is
    /// pending: atomically, so that a sender reserving a slot at the same moment either gets in first (and the
    /// port stays) or is refused.
    /// </summary>
    public bool TryClose(long now, long maxAgeMs)
    {
        var reserved = Volatile.Read(ref _reserved);
        if (reserved >= Closed || (reserved < Capacity && now - Created <= maxAgeMs) || Math.Min(reserved, Capacity) != Volatile.Read(ref _resolved) ||
            Interlocked.CompareExchange(ref _reserved, Closed, reserved) != reserved)
        {
            return false;
        }

        Handle.Dispose();
        return true;
    }

    /// <summary>Closes it whatever is pending (the pool is being disposed; the caller fails what waits).</summary>
    public void ForceClose()
    {
        Volatile.Write(ref _reserved, Closed);
        Handle.Dispose();
    }

    // RFC 5452 §9.1: the answer must carry our question. With 0x20 (the waiter asked for exact case) the name must
    // come back spelt exactly as sent (draft-vixie-dnsext-dns0x20): a forger who guessed the ID and port must also
    // guess the case of every letter.
    private static bool QuestionMatches(ReadOnlySpan<byte> answer, UpstreamWaiter waiter)
    {
        var question = waiter.Question;
        if (question.IsEmpty || BinaryPrimitives.ReadUInt16BigEndian(answer[4..]) != 1)
        {
            return false;
        }

        var length = question.Length - 4;
        if (DnsConstants.HeaderLength + length + 4 > answer.Length)
        {
            return false;
        }

        // Our questions are uncompressed, and a server echoes the question as it came (RFC 1035 §4.1.2; a pointer
        // there would point at nothing before it), so the bytes compare directly.
        var echoed = answer.Slice(DnsConstants.HeaderLength, length + 4);
        if (waiter.ExactCase)
        {
            return echoed.SequenceEqual(question);
        }

        return echoed[length..].SequenceEqual(question[length..]) && WireName.EqualsIgnoreCase(echoed[..length], question[..length]);
    }
}
