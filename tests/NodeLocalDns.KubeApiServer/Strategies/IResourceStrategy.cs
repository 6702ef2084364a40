using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>
/// The kind-specific part of a write, as a registry strategy in the apiserver: defaulting, validation and
/// server-owned fields. Metadata handling common to all kinds is done by the caller.
/// </summary>
internal interface IResourceStrategy
{
    /// <summary>Called for a new object after common metadata was filled; may throw <see cref="Errors.ApiException"/>.</summary>
    void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context);

    /// <summary>Called for a main-resource update (PUT or PATCH) with the stored object.</summary>
    void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context);

    /// <summary>Called for a <c>/status</c> update with the whole updated object (only its status changed) and the stored one.</summary>
    void PrepareForStatusUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context)
    {
    }

    /// <summary>Called once the object is gone from storage, to release what it held (cluster IPs, node ports).</summary>
    void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context);
}
