using System.Diagnostics;
using System.Net.Sockets;

namespace NodeLocalDns.DnsCache.Server;

/// <summary>
/// One client TCP connection as <see cref="TcpDnsListener"/> tracks it: when it last made progress (a query read
/// or an answer written, a <see cref="Stopwatch"/> timestamp), so that the idlest can be closed when the cap is
/// reached, and why it was closed, for the metrics.
/// </summary>
internal sealed class TcpClientConnection(Socket socket)
{
    private long _lastActivity = Stopwatch.GetTimestamp();
    private int _busy;
    private int _closed;

    public Socket Socket { get; } = socket;

    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>Answers being computed or written; a connection with none is idle.</summary>
    public int Busy => Volatile.Read(ref _busy);

    public void Touch() => Volatile.Write(ref _lastActivity, Stopwatch.GetTimestamp());

    public void BeginAnswer() => Interlocked.Increment(ref _busy);

    public void EndAnswer() => Interlocked.Decrement(ref _busy);

    /// <summary>Closes the socket once; true for the caller that closed it (who counts the reason).</summary>
    public bool TryClose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        Socket.Dispose();
        return true;
    }
}
