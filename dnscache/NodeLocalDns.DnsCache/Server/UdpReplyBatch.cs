using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// Answers to UDP clients that a thread collects while it works through a batch of upstream answers, sent with one
/// <c>sendmmsg</c> per listener socket when the batch is done (<see cref="End"/>) instead of one <c>sendto</c> each.
/// An upstream port's answers arrive in batches (<c>recvmmsg</c>), and each completes one or more waiting clients; a
/// system call's entry and exit (with the CPU's speculation mitigations) is a noticeable part of a cache miss, whose
/// CPU time is two thirds the kernel's. Nothing waits longer than the batch's own processing (tens of microseconds).
/// <para>A thread that has no batch open (the TCP and asynchronous paths, the sweeper's timeouts) sends at once.</para>
/// </summary>
internal sealed unsafe class UdpReplyBatch
{
    /// <summary>Answers held before they go out anyway.</summary>
    public const int Capacity = 16;

    // Room for any client address: sizeof(struct sockaddr_in6).
    private const int AddressSize = 28;

    [ThreadStatic]
    private static UdpReplyBatch? _thread;

    private static long _sent;

    // Pinned arrays (the pinned-object heap): fixed addresses for the kernel, and freed with the batch when its thread
    // ends (an upstream's receive thread ends when a reload retires its forwarder).
    private readonly byte[] _buffers = GC.AllocateUninitializedArray<byte>(Capacity * DnsConstants.MaxUdpSize, pinned: true);
    private readonly byte[] _addresses = GC.AllocateArray<byte>(Capacity * AddressSize, pinned: true);
    private readonly LinuxBatchSocket.IoVec[] _iov = GC.AllocateArray<LinuxBatchSocket.IoVec>(Capacity, pinned: true);
    private readonly LinuxBatchSocket.MMsgHdr[] _messages = GC.AllocateArray<LinuxBatchSocket.MMsgHdr>(Capacity, pinned: true);
    private readonly nint[] _sockets = new nint[Capacity];
    private int _count;
    private bool _open;

    private UdpReplyBatch()
    {
    }

    /// <summary>Answers sent through batches since the process started.</summary>
    public static long Sent => Interlocked.Read(ref _sent);

    /// <summary>Opens this thread's batch (one per thread, kept for its life): answers are held until <see cref="End"/>.</summary>
    public static UdpReplyBatch? Begin()
    {
        if (!LinuxBatchSocket.IsSupported)
        {
            return null;
        }

        var batch = _thread ??= new UdpReplyBatch();
        batch._open = true;
        return batch;
    }

    /// <summary>
    /// Holds <paramref name="answer"/> for the client at the native <paramref name="sockaddr"/> of
    /// <paramref name="socket"/> when this thread has a batch open; false when the caller must send it itself.
    /// </summary>
    public static bool TryDefer(nint socket, ReadOnlySpan<byte> answer, ReadOnlySpan<byte> sockaddr)
    {
        var batch = _thread;
        if (batch is null || !batch._open || answer.Length > DnsConstants.MaxUdpSize || sockaddr.Length > AddressSize)
        {
            return false;
        }

        var i = batch._count++;
        var data = batch._buffers.AsSpan(i * DnsConstants.MaxUdpSize, answer.Length);
        var address = batch._addresses.AsSpan(i * AddressSize, AddressSize);
        answer.CopyTo(data);
        sockaddr.CopyTo(address);
        batch._sockets[i] = socket;
        batch._iov[i] = new LinuxBatchSocket.IoVec { Base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(data)), Length = (nuint)answer.Length };
        batch._messages[i] = default;
        batch._messages[i].Header.Name = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(address));
        batch._messages[i].Header.NameLength = (uint)sockaddr.Length;
        batch._messages[i].Header.Iov = (LinuxBatchSocket.IoVec*)Unsafe.AsPointer(ref batch._iov[i]);
        batch._messages[i].Header.IovLength = 1;
        if (batch._count == Capacity)
        {
            batch.Flush();
        }

        return true;
    }

    /// <summary>Sends what is held and closes the batch.</summary>
    public void End()
    {
        Flush();
        _open = false;
    }

    // One sendmmsg per run of answers on the same socket (a datagram the kernel refuses is skipped, as a failed sendto was).
    private void Flush()
    {
        var start = 0;
        while (start < _count)
        {
            var socket = _sockets[start];
            var end = start + 1;
            while (end < _count && _sockets[end] == socket)
            {
                end++;
            }

            LinuxBatchSocket.SendAll(socket, (LinuxBatchSocket.MMsgHdr*)Unsafe.AsPointer(ref _messages[start]), end - start);
            start = end;
        }

        Interlocked.Add(ref _sent, _count);
        _count = 0;
    }
}
