using System.IO.Hashing;
using System.Security.Cryptography;

namespace NodeLocalDns.DnsCache.Protocol;

/// <summary>
/// Compares wire keys by content (cache keys: lower-cased wire name, type, class, DO/CD byte; hosts
/// names), and lets the hot path look a key up as a span without allocating one (.NET's alternate lookup).
/// </summary>
internal sealed class WireKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static WireKeyComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    // XxHash3 with a seed drawn per process, so remote clients cannot aim collisions at one bucket of the cache's
    // index or the forwarder's table of queries in flight. It replaced HashCode (xxHash32 fed four bytes at a time):
    // a cache miss hashes its key about five times, and those hashes were 2.5% of the miss path's CPU.
    private static readonly long Seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = XxHash3.HashToUInt64(key, Seed);
        return (int)hash ^ (int)(hash >> 32);
    }
}
