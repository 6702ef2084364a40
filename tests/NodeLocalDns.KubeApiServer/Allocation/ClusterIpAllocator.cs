using System.Net;
using System.Net.Sockets;

namespace NodeLocalDns.KubeApiServer.Allocation;

/// <summary>
/// Allocates Service cluster IPs from the service CIDR (default 10.96.0.0/12). Dynamic allocations come from the upper
/// band of the range so that the lower band stays free for statically requested IPs such as kube-dns's 10.96.0.10
/// (KEP-3070, "Reserve Service IP Ranges For Dynamic and Static IP Allocation"). An address handed out dynamically
/// is never handed out again during the server's life, so tests can rely on a fresh IP meaning a new Service.
/// Not thread-safe by itself: callers hold the store lock.
/// </summary>
internal sealed class ClusterIpAllocator
{
    private readonly uint network;
    private readonly uint size;
    private readonly uint dynamicStart;
    private readonly HashSet<uint> inUse = [];
    private readonly HashSet<uint> everAllocated = [];
    private uint nextOffset;

    public ClusterIpAllocator(string cidr)
    {
        var parts = cidr.Split('/');
        var prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var address = IPAddress.Parse(parts[0]);
        if (address.AddressFamily != AddressFamily.InterNetwork || prefix is < 8 or > 30)
        {
            throw new ArgumentException("an IPv4 CIDR between /8 and /30 is required", nameof(cidr));
        }

        size = 1u << (32 - prefix);
        network = ToUInt32(address) & ~(size - 1);
        Cidr = $"{FromUInt32(network)}/{prefix}";

        // KEP-3070: the static band is min(max(16, size/16), 256) addresses at the bottom of the range.
        dynamicStart = Math.Min(Math.Max(16u, size / 16), 256u);
        nextOffset = dynamicStart;
    }

    public string Cidr { get; }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && (ToUInt32(address) & ~(size - 1)) == network;

    /// <summary>Network and broadcast addresses are never assignable.</summary>
    public bool IsAssignable(IPAddress address)
    {
        if (!Contains(address))
        {
            return false;
        }

        var offset = ToUInt32(address) - network;
        return offset != 0 && offset != size - 1;
    }

    public bool IsInUse(IPAddress address) => inUse.Contains(ToUInt32(address));

    /// <summary>Marks a requested IP as taken; false if another Service holds it.</summary>
    public bool TryReserve(IPAddress address)
    {
        var value = ToUInt32(address);
        if (!inUse.Add(value))
        {
            return false;
        }

        everAllocated.Add(value);
        return true;
    }

    public IPAddress AllocateNext()
    {
        for (uint attempts = 0; attempts < size; attempts++)
        {
            var offset = nextOffset;
            nextOffset = nextOffset + 1 >= size - 1 ? 1 : nextOffset + 1;
            var candidate = network + offset;
            if (offset == 0 || offset == size - 1 || everAllocated.Contains(candidate))
            {
                continue;
            }

            inUse.Add(candidate);
            everAllocated.Add(candidate);
            return FromUInt32(candidate);
        }

        throw new InvalidOperationException("the service IP range is exhausted");
    }

    public void Release(IPAddress address) => inUse.Remove(ToUInt32(address));

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static IPAddress FromUInt32(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
