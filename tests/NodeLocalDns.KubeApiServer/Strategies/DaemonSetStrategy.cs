using System.Globalization;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Defaulting;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>apps/v1 DaemonSet: defaults, validation and the template-generation annotation.</summary>
internal sealed class DaemonSetStrategy : IResourceStrategy
{
    /// <summary>apps/v1 exposes the internal TemplateGeneration through this annotation (it moves when the template changes).</summary>
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    public static readonly DaemonSetStrategy Instance = new();

    public void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
        ApplyDefaults(obj);
        WorkloadValidation.Validate(definition, obj, existing: null);
        JsonNodes.EnsureObject(obj, "metadata", "annotations")[TemplateGenerationAnnotation] = "1";
        obj["status"] = new JsonObject
        {
            ["currentNumberScheduled"] = 0,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = 0,
            ["numberReady"] = 0,
        };
    }

    public void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context)
    {
        ApplyDefaults(updated);
        WorkloadValidation.Validate(definition, updated, existing);
        var previous = long.TryParse(JsonNodes.GetString(existing, "metadata", "annotations", TemplateGenerationAnnotation),
            CultureInfo.InvariantCulture, out var value) ? value : 1;
        var templateChanged = !JsonNode.DeepEquals(JsonNodes.GetNode(updated, "spec", "template"), JsonNodes.GetNode(existing, "spec", "template"));
        JsonNodes.EnsureObject(updated, "metadata", "annotations")[TemplateGenerationAnnotation] =
            (templateChanged ? previous + 1 : previous).ToString(CultureInfo.InvariantCulture);
    }

    public void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
    }

    /// <summary>SetDefaults_DaemonSet (apps/v1) plus the pod template defaults.</summary>
    private static void ApplyDefaults(JsonObject obj)
    {
        var spec = Defaults.Object(obj, "spec");
        var strategy = Defaults.Object(spec, "updateStrategy");
        Defaults.Set(strategy, "type", "RollingUpdate");
        if (JsonNodes.GetString(strategy, "type") == "RollingUpdate")
        {
            var rollingUpdate = Defaults.Object(strategy, "rollingUpdate");
            Defaults.Set(rollingUpdate, "maxUnavailable", 1);
            Defaults.Set(rollingUpdate, "maxSurge", 0);
        }

        Defaults.Set(spec, "revisionHistoryLimit", 10);
        if (spec["template"] is JsonObject template)
        {
            PodSpecDefaults.Apply(Defaults.Object(template, "spec"));
        }
    }
}
