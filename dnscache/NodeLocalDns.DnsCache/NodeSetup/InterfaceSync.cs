using System.Net;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>What one check of the local interface did: the link type it was created as (null when it existed), the addresses put back, and a failure.</summary>
internal sealed record InterfaceSync(string? CreatedAs, IReadOnlyList<IPAddress> AddedAddresses, SetupErrorType? ErrorType, string? Error)
{
    /// <summary>A check that failed before anything was done.</summary>
    public static InterfaceSync Failed(SetupErrorType type, string error) => new(null, [], type, error);
}
