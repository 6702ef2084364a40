namespace NodeLocalDns.KubeApiServer.Allocation;

/// <summary>Allocates node ports for NodePort and LoadBalancer Services from 30000-32767 (the default range). Callers hold the store lock.</summary>
internal sealed class NodePortAllocator
{
    public const int First = 30000;
    public const int Last = 32767;

    private readonly HashSet<int> _inUse = [];
    private int _next = First;

    public static bool InRange(int port) => port is >= First and <= Last;

    public bool TryReserve(int port) => _inUse.Add(port);

    public int AllocateNext()
    {
        for (var attempts = 0; attempts <= Last - First; attempts++)
        {
            var candidate = _next;
            _next = _next == Last ? First : _next + 1;
            if (_inUse.Add(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("the node port range is exhausted");
    }

    public void Release(int port) => _inUse.Remove(port);
}
