using System.Security.Cryptography;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// Unpredictable 16-bit query IDs (RFC 5452 §4.2) from the system CSPRNG, drawn 256 at a time per thread
/// so a query does not pay a call into the crypto library for two bytes.
/// </summary>
internal static class RandomIds
{
    [ThreadStatic]
    private static byte[]? _buffer;

    [ThreadStatic]
    private static int _next;

    public static ushort Next()
    {
        var buffer = _buffer ??= new byte[512];
        if (_next == 0 || _next >= buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            _next = 0;
        }

        var id = (ushort)((buffer[_next] << 8) | buffer[_next + 1]);
        _next += 2;
        return id;
    }
}
