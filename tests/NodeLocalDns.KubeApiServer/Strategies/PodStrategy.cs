using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Defaulting;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>core/v1 Pod, minimal: spec defaults and a Pending phase on create (there is no scheduler or kubelet here).</summary>
internal sealed class PodStrategy : IResourceStrategy
{
    public static readonly PodStrategy Instance = new();

    public void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
        var spec = Defaults.Object(obj, "spec");
        PodSpecDefaults.Apply(spec);
        Defaults.Set(spec, "enableServiceLinks", true);
        obj["status"] = new JsonObject { ["phase"] = "Pending" };
    }

    public void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context)
    {
        var spec = Defaults.Object(updated, "spec");
        PodSpecDefaults.Apply(spec);
        Defaults.Set(spec, "enableServiceLinks", true);
    }

    public void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
    }
}
