using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NodeLocalDns.Testing.Peers;

/// <summary>
/// A deliberately misbehaving upstream, the one stand-in the tests allow: it answers each query (UDP and TCP on
/// one loopback port) with whatever its script returns, so a test can send what no real server sends (a name
/// pointing at itself, an OPT in the middle, TC over TCP), lose datagrams, stay silent or answer late. Every
/// query it receives is recorded.
/// </summary>
public sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly Func<ScriptedQuery, Task<byte[]?>> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    private ScriptedUpstream(Socket udp, Socket tcp, Func<ScriptedQuery, Task<byte[]?>> script)
    {
        _udp = udp;
        _tcp = tcp;
        _script = script;
        Endpoint = (IPEndPoint)udp.LocalEndPoint!;
        _udpLoop = Task.Run(UdpLoopAsync);
        _tcpLoop = Task.Run(TcpLoopAsync);
    }

    /// <summary>Where it listens (127.0.0.1, UDP and TCP).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Every query received, in order.</summary>
    public ConcurrentQueue<ScriptedQuery> Queries { get; } = new();

    /// <summary>Starts it; <paramref name="script"/> returns the answer's bytes (its ID is set to the query's), or null for silence.</summary>
    public static ScriptedUpstream Start(Func<ScriptedQuery, byte[]?> script) => Start(q => Task.FromResult(script(q)));

    /// <summary>Starts it with an asynchronous script (to answer late).</summary>
    public static ScriptedUpstream Start(Func<ScriptedQuery, Task<byte[]?>> script)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, FreePort.Next()));
                tcp.Bind(udp.LocalEndPoint!);
                tcp.Listen(64);
                return new ScriptedUpstream(udp, tcp, script);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
                tcp.Dispose();
            }
        }
    }

    /// <summary>
    /// The answer every well-behaved server would start with: the query's header with QR (and RD, RA) set,
    /// the given rcode and counts zeroed, and its question; records are appended with <see cref="Append"/>.
    /// </summary>
    public static List<byte> Reply(ScriptedQuery query, byte rcode = 0, bool truncated = false)
    {
        var bytes = new List<byte>(query.Message[..query.QuestionEnd]);
        bytes[2] = (byte)(0x80 | (query.Message[2] & 0x01) | (truncated ? 0x02 : 0));
        bytes[3] = (byte)(0x80 | rcode);
        for (var i = 4; i < 12; i++)
        {
            bytes[i] = 0;
        }

        bytes[5] = 1;
        return bytes;
    }

    /// <summary>Appends a record (owner as raw wire bytes, so it may be a pointer) and counts it in section 1 (answer), 2 or 3.</summary>
    public static void Append(List<byte> message, int section, byte[] owner, ushort type, uint ttl, byte[] rdata, ushort cls = 1, ushort? rdLength = null)
    {
        message.AddRange(owner);
        var fixedPart = new byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, type);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(2), cls);
        BinaryPrimitives.WriteUInt32BigEndian(fixedPart.AsSpan(4), ttl);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(8), rdLength ?? (ushort)rdata.Length);
        message.AddRange(fixedPart);
        message.AddRange(rdata);
        var countOffset = 4 + (2 * section);
        var count = (message[countOffset] << 8) | message[countOffset + 1];
        count++;
        message[countOffset] = (byte)(count >> 8);
        message[countOffset + 1] = (byte)count;
    }

    /// <summary>
    /// Sends <paramref name="datagram"/> from the upstream's UDP socket to <paramref name="to"/>, besides what the
    /// script answers: a forged answer racing the real one, as an off-path attacker who guessed the ID would send.
    /// </summary>
    public async Task SendUdpAsync(byte[] datagram, IPEndPoint to) =>
        await _udp.SendToAsync(datagram, SocketFlags.None, to).ConfigureAwait(false);

    /// <summary>An uncompressed wire name.</summary>
    public static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var query = ScriptedQuery.From(buffer.AsSpan(0, received.ReceivedBytes), tcp: false) is { } parsed
                ? parsed with { Client = (IPEndPoint)received.RemoteEndPoint }
                : null;
            if (query is null)
            {
                continue;
            }

            Queries.Enqueue(query);
            var client = received.RemoteEndPoint;
            _ = Task.Run(async () =>
            {
                var answer = await _script(query).ConfigureAwait(false);
                if (answer is not null && !_stop.IsCancellationRequested)
                {
                    try
                    {
                        await _udp.SendToAsync(answer, SocketFlags.None, client).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                    }
                }
            });
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _tcp.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeTcpAsync(client));
        }
    }

    private async Task ServeTcpAsync(Socket client)
    {
        using (client)
        {
            try
            {
                var prefix = new byte[2];
                while (await ReadAsync(client, prefix).ConfigureAwait(false))
                {
                    var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                    if (!await ReadAsync(client, body).ConfigureAwait(false))
                    {
                        return;
                    }

                    if (ScriptedQuery.From(body, tcp: true) is not { } query)
                    {
                        continue;
                    }

                    Queries.Enqueue(query);
                    var answer = await _script(query).ConfigureAwait(false);
                    if (answer is null)
                    {
                        continue;
                    }

                    var framed = new byte[answer.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)answer.Length);
                    answer.CopyTo(framed, 2);
                    await client.SendAsync(framed, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    private async Task<bool> ReadAsync(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _udp.Dispose();
        _tcp.Dispose();
        try
        {
            await Task.WhenAll(_udpLoop, _tcpLoop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }
}
