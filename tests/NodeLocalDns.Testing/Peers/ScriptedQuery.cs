using System.Net;
using System.Text;

namespace NodeLocalDns.Testing.Peers;

/// <summary>A query as <see cref="ScriptedUpstream"/> received it: the bytes, the question name as sent (case kept), type, transport.</summary>
public sealed record ScriptedQuery(byte[] Message, string Name, ushort Type, int QuestionEnd, bool Tcp)
{
    /// <summary>Where it came from (the sender's address and source port); null for TCP.</summary>
    public IPEndPoint? Client { get; init; }

    /// <summary>The query's ID.</summary>
    public ushort Id => (ushort)((Message[0] << 8) | Message[1]);

    /// <summary>Parses the header and question; null when it has none.</summary>
    public static ScriptedQuery? From(ReadOnlySpan<byte> message, bool tcp)
    {
        if (message.Length < 17 || ((message[4] << 8) | message[5]) != 1)
        {
            return null;
        }

        var name = new StringBuilder();
        var i = 12;
        while (i < message.Length && message[i] != 0)
        {
            var length = message[i];
            if ((length & 0xC0) != 0 || i + 1 + length > message.Length)
            {
                return null;
            }

            name.Append(Encoding.ASCII.GetString(message.Slice(i + 1, length))).Append('.');
            i += length + 1;
        }

        if (i + 5 > message.Length)
        {
            return null;
        }

        var type = (ushort)((message[i + 1] << 8) | message[i + 2]);
        return new ScriptedQuery(message.ToArray(), name.Length == 0 ? "." : name.ToString(), type, i + 5, tcp);
    }
}
