using System.Security.Cryptography;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Loop;

/// <summary>
/// The <c>loop</c> directive (CoreDNS plugin/loop): at start-up the daemon sends itself
/// <c>&lt;random&gt;.&lt;random&gt;.&lt;zone&gt; HINFO</c>. The query normally ends at an upstream; if it
/// comes back to us more than twice, an upstream forwards to us and every query would circle until it
/// times out, so the daemon reports the loop and stops, as CoreDNS does.
/// </summary>
internal sealed class LoopDetector
{
    private readonly byte[] _probe;
    private int _seen;

    public LoopDetector(string zone)
    {
        var name = $"{RandomNumberGenerator.GetInt32(int.MaxValue)}.{RandomNumberGenerator.GetInt32(int.MaxValue)}.{(zone == "." ? string.Empty : zone)}";
        ProbeName = name.EndsWith('.') ? name : name + ".";
        _probe = WireName.FromText(ProbeName);
    }

    public string ProbeName { get; }

    public bool Detected => Volatile.Read(ref _seen) > 2;

    /// <summary>Counts our own probe; true when it has now been seen more than twice.</summary>
    public bool Observe(ReadOnlySpan<byte> name, ushort qtype) =>
        qtype == DnsConstants.TypeHinfo && name.SequenceEqual(_probe) && Interlocked.Increment(ref _seen) == 3;
}
