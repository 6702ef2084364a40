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
    private readonly uint _network;
    private readonly uint _size;
    private readonly uint _dynamicStart;
    private readonly HashSet<uint> _inUse = [];
    private readonly HashSet<uint> _everAllocated = [];
    private uint _nextOffset;

    public ClusterIpAllocator(string cidr)
    {
        var parts = cidr.Split('/');
        var prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var address = IPAddress.Parse(parts[0]);
        if (address.AddressFamily != AddressFamily.InterNetwork || prefix is < 8 or > 30)
        {
            throw new ArgumentException("an IPv4 CIDR between /8 and /30 is required", nameof(cidr));
        }

        _size = 1u << (32 - prefix);
        _network = ToUInt32(address) & ~(_size - 1);
        Cidr = $"{FromUInt32(_network)}/{prefix}";

        // KEP-3070: the static band is min(max(16, size/16), 256) addresses at the bottom of the range.
        _dynamicStart = Math.Min(Math.Max(16u, _size / 16), 256u);
        _nextOffset = _dynamicStart;
    }

    public string Cidr { get; }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && (ToUInt32(address) & ~(_size - 1)) == _network;

    /// <summary>Network and broadcast addresses are never assignable.</summary>
    public bool IsAssignable(IPAddress address)
    {
        if (!Contains(address))
        {
            return false;
        }

        var offset = ToUInt32(address) - _network;
        return offset != 0 && offset != _size - 1;
    }

    public bool IsInUse(IPAddress address) => _inUse.Contains(ToUInt32(address));

    /// <summary>Marks a requested IP as taken; false if another Service holds it.</summary>
    public bool TryReserve(IPAddress address)
    {
        var value = ToUInt32(address);
        if (!_inUse.Add(value))
        {
            return false;
        }

        _everAllocated.Add(value);
        return true;
    }

    public IPAddress AllocateNext()
    {
        for (uint attempts = 0; attempts < _size; attempts++)
        {
            var offset = _nextOffset;
            _nextOffset = _nextOffset + 1 >= _size - 1 ? 1 : _nextOffset + 1;
            var candidate = _network + offset;
            if (offset == 0 || offset == _size - 1 || _everAllocated.Contains(candidate))
            {
                continue;
            }

            _inUse.Add(candidate);
            _everAllocated.Add(candidate);
            return FromUInt32(candidate);
        }

        throw new InvalidOperationException("the service IP range is exhausted");
    }

    public void Release(IPAddress address) => _inUse.Remove(ToUInt32(address));

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static IPAddress FromUInt32(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
