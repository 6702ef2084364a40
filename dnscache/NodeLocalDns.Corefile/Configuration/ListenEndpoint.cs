using System.Net;

namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// An address and port a server listens on (UDP and TCP). <see cref="Address"/> is <c>null</c> when the
/// block has no <c>bind</c>, which, as in CoreDNS, means every address of the host.
/// </summary>
public readonly record struct ListenEndpoint(IPAddress? Address, int Port)
{
    /// <inheritdoc />
    public override string ToString() => Address is null ? $":{Port}" : new IPEndPoint(Address, Port).ToString();
}
