using System.Buffers.Binary;

namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// Builds a response body (ID 0, no OPT) for answers we synthesise (hosts, template), in the form
/// <see cref="ResponseWriter"/> serves: the question copied from the query and records whose owner is
/// usually a compression pointer to it (RFC 1035 §4.1.4, offset 12).
/// </summary>
internal sealed class AnswerBuilder
{
    private readonly byte[] _buffer = new byte[DnsConstants.MaxUdpSize];
    private readonly List<ushort> _ttlOffsets = [];
    private int _length;
    private ushort _answers;
    private ushort _authority;
    private ushort _additional;

    public AnswerBuilder(ReadOnlySpan<byte> query, in ParsedQuery q, byte rcode)
    {
        query[..q.QuestionEnd].CopyTo(_buffer);
        _buffer[0] = 0;
        _buffer[1] = 0;
        _buffer[2] = DnsConstants.FlagQr;
        _buffer[3] = rcode;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(4), 1);
        _length = q.QuestionEnd;
    }

    /// <summary>Adds a record; <paramref name="owner"/> empty means the query name (a pointer to offset 12).</summary>
    public bool Add(int section, ReadOnlySpan<byte> owner, ushort type, ushort @class, uint ttl, ReadOnlySpan<byte> rdata)
    {
        var need = (owner.IsEmpty ? 2 : owner.Length) + 10 + rdata.Length;
        if (_length + need > _buffer.Length)
        {
            return false;
        }

        var span = _buffer.AsSpan(_length);
        int o;
        if (owner.IsEmpty)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, 0xC00C);
            o = 2;
        }
        else
        {
            owner.CopyTo(span);
            o = owner.Length;
        }

        BinaryPrimitives.WriteUInt16BigEndian(span[o..], type);
        BinaryPrimitives.WriteUInt16BigEndian(span[(o + 2)..], @class);
        BinaryPrimitives.WriteUInt32BigEndian(span[(o + 4)..], ttl);
        _ttlOffsets.Add((ushort)(_length + o + 4));
        BinaryPrimitives.WriteUInt16BigEndian(span[(o + 8)..], (ushort)rdata.Length);
        rdata.CopyTo(span[(o + 10)..]);
        _length += need;
        switch (section)
        {
            case 0: _answers++; break;
            case 1: _authority++; break;
            default: _additional++; break;
        }

        return true;
    }

    public (byte[] Body, ushort[] TtlOffsets) Build()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(6), _answers);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(8), _authority);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(10), _additional);
        return (_buffer.AsSpan(0, _length).ToArray(), [.. _ttlOffsets]);
    }
}
