using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Defaulting;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>apps/v1 Deployment: defaults (SetDefaults_Deployment) and validation.</summary>
internal sealed class DeploymentStrategy : IResourceStrategy
{
    public static readonly DeploymentStrategy Instance = new();

    public void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
        ApplyDefaults(obj);
        WorkloadValidation.Validate(definition, obj, existing: null);
        obj["status"] = new JsonObject();
    }

    public void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context)
    {
        ApplyDefaults(updated);
        WorkloadValidation.Validate(definition, updated, existing);
    }

    public void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
    }

    private static void ApplyDefaults(JsonObject obj)
    {
        var spec = Defaults.Object(obj, "spec");
        Defaults.Set(spec, "replicas", 1);
        var strategy = Defaults.Object(spec, "strategy");
        Defaults.Set(strategy, "type", "RollingUpdate");
        if (JsonNodes.GetString(strategy, "type") == "RollingUpdate")
        {
            var rollingUpdate = Defaults.Object(strategy, "rollingUpdate");
            Defaults.Set(rollingUpdate, "maxUnavailable", "25%");
            Defaults.Set(rollingUpdate, "maxSurge", "25%");
        }

        Defaults.Set(spec, "revisionHistoryLimit", 10);
        Defaults.Set(spec, "progressDeadlineSeconds", 600);
        if (spec["template"] is JsonObject template)
        {
            PodSpecDefaults.Apply(Defaults.Object(template, "spec"));
        }
    }
}
