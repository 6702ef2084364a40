using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ARSoft.Tools.Net.Dns;

namespace NodeLocalDns.DnsCache.Tests.Support;

/// <summary>Builds queries byte by byte (so tests control every bit) and exchanges them over UDP or TCP; answers are parsed with ARSoft.Tools.Net.</summary>
internal static class RawDns
{
    public static byte[] Query(string name, ushort type = 1, ushort id = 0x4242, bool rd = true, int? ednsSize = null,
        bool dnssecOk = false, bool cd = false, ushort qclass = 1)
    {
        var bytes = new List<byte>
        {
            (byte)(id >> 8), (byte)id, (byte)(rd ? 1 : 0), (byte)(cd ? 0x10 : 0), 0, 1, 0, 0, 0, 0, 0, (byte)(ednsSize is null ? 0 : 1),
        };
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, (byte)(type >> 8), (byte)type, (byte)(qclass >> 8), (byte)qclass]);
        if (ednsSize is { } size)
        {
            bytes.AddRange([0, 0, 41, (byte)(size >> 8), (byte)size, 0, 0, (byte)(dnssecOk ? 0x80 : 0), 0, 0, 0]);
        }

        return [.. bytes];
    }

    public static async Task<byte[]?> UdpAsync(IPEndPoint server, byte[] query, int timeoutMs = 3000)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.SendToAsync(query, SocketFlags.None, server);
        var buffer = new byte[65535];
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer[..n];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static async Task<byte[]> TcpAsync(IPEndPoint server, byte[] query)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server);
        await SendFramedAsync(socket, query);
        return await ReceiveFramedAsync(socket);
    }

    public static async Task SendFramedAsync(Socket socket, byte[] query)
    {
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None);
    }

    public static async Task<byte[]> ReceiveFramedAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(5000);
        var prefix = new byte[2];
        await ReadAsync(socket, prefix, timeout.Token);
        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await ReadAsync(socket, body, timeout.Token);
        return body;
    }

    private static async Task ReadAsync(Socket socket, byte[] buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, token);
            if (n == 0)
            {
                throw new IOException("connection closed");
            }

            read += n;
        }
    }

    public static DnsMessage Parse(byte[] response) => DnsMessage.Parse(new ArraySegment<byte>(response));

    public static int Rcode(byte[] response) => response[3] & 0x0F;

    public static bool Truncated(byte[] response) => (response[2] & 0x02) != 0;

    public static ushort Id(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response);

    /// <summary>The question name as sent on the wire (to check the 0x20 case echo).</summary>
    public static string QuestionName(byte[] message)
    {
        var sb = new StringBuilder();
        var i = 12;
        while (message[i] != 0)
        {
            sb.Append(Encoding.ASCII.GetString(message, i + 1, message[i])).Append('.');
            i += message[i] + 1;
        }

        return sb.ToString();
    }
}
