using NodeLocalDns.DnsCache.Directives.Forward;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// A UDP client waiting for a forwarded answer on the synchronous miss path: its query, its address as the kernel
/// gave it (a native sockaddr), where it was routed, and its pending slot. Answered with one <c>sendto</c> on the
/// listener's socket from whichever thread finishes the exchange.
/// </summary>
internal sealed class UdpMissClient(
    RequestProcessor processor,
    UdpListener listener,
    RouteTarget target,
    byte[] packet,
    byte[] sockaddr,
    ParsedQuery query,
    long started,
    int bucket,
    bool ipv6) : ForwardWaiter
{
    [ThreadStatic]
    private static byte[]? _output;

    public override void Deliver(byte[] key, ForwardResult result, bool retryAsync)
    {
        if (retryAsync)
        {
            // Truncated over UDP: the asynchronous path asks again over TCP and answers (and frees the slot).
            listener.AnswerSlow(packet, sockaddr, bucket);
            return;
        }

        try
        {
            var output = _output ??= new byte[DnsConstants.MaxUdpSize];
            var length = processor.CompleteUdpForward(target, packet, query, key, result, output, started, ipv6);
            if (length > 0)
            {
                listener.SendTo(output.AsSpan(0, length), sockaddr);
            }
        }
        finally
        {
            listener.ReleasePending(bucket);
        }
    }
}
