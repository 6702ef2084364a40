using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>
/// core/v1 Namespace: the <c>kubernetes</c> spec finalizer (the namespace controller removes it once the namespace is
/// empty), phase Active, and the <c>kubernetes.io/metadata.name</c> label the apiserver maintains.
/// </summary>
internal sealed class NamespaceStrategy : IResourceStrategy
{
    public const string KubernetesFinalizer = "kubernetes";

    public static readonly NamespaceStrategy Instance = new();

    public void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
        var spec = JsonNodes.EnsureObject(obj, "spec");
        var finalizers = JsonNodes.StringList(spec["finalizers"]);
        if (!finalizers.Contains(KubernetesFinalizer))
        {
            finalizers.Add(KubernetesFinalizer);
        }

        spec["finalizers"] = JsonNodes.ToArray(finalizers);
        obj["status"] = new JsonObject { ["phase"] = "Active" };
        SetNameLabel(obj);
    }

    public void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context)
    {
        // spec.finalizers only change through the finalize subresource.
        updated["spec"] = existing["spec"]?.DeepClone();
        SetNameLabel(updated);
    }

    public void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
    }

    private static void SetNameLabel(JsonObject obj) =>
        JsonNodes.EnsureObject(obj, "metadata", "labels")["kubernetes.io/metadata.name"] = JsonNodes.Name(obj);
}
