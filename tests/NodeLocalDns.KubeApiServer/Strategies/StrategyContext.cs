using NodeLocalDns.KubeApiServer.Allocation;
using NodeLocalDns.KubeApiServer.Storage;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>What strategies may use while the store lock is held.</summary>
internal sealed class StrategyContext
{
    public StrategyContext(ObjectStore store, TimeProvider time, ClusterIpAllocator clusterIps, NodePortAllocator nodePorts)
    {
        Store = store;
        Time = time;
        ClusterIps = clusterIps;
        NodePorts = nodePorts;
    }

    public ObjectStore Store { get; }

    public TimeProvider Time { get; }

    public ClusterIpAllocator ClusterIps { get; }

    public NodePortAllocator NodePorts { get; }

    /// <summary>True for dry-run requests: validate and default, but allocate nothing.</summary>
    public bool DryRun { get; set; }

    /// <summary>The request's <c>fieldValidation</c> (Strict, Warn, Ignore or null).</summary>
    public string? FieldValidation { get; set; }
}
