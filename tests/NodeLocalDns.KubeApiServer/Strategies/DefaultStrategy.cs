using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>Kinds without server-side defaulting or validation beyond the common metadata rules (ConfigMaps, Leases, RBAC, ...).</summary>
internal sealed class DefaultStrategy : IResourceStrategy
{
    public static readonly DefaultStrategy Instance = new();

    public void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
    }

    public void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context)
    {
    }

    public void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
    }
}
