using System.Net;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Defaulting;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>
/// core/v1 Service: defaults (SetDefaults_Service), cluster IP allocation from the service CIDR (honouring a requested
/// IP, 422 when it is taken or out of range, headless <c>None</c> left alone), node ports for NodePort/LoadBalancer,
/// and the rule that an allocated cluster IP is kept when an update leaves it out and may not change.
/// </summary>
internal sealed class ServiceStrategy : IResourceStrategy
{
    public static readonly ServiceStrategy Instance = new();

    public void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
        var spec = Defaults.Object(obj, "spec");
        ApplyDefaults(spec);
        Validate(definition, obj, spec);
        var name = JsonNodes.Name(obj) ?? string.Empty;
        if (JsonNodes.GetString(spec, "type") != "ExternalName")
        {
            AllocateClusterIp(definition, name, spec, context);
            AllocateNodePorts(definition, name, spec, context, existingSpec: null);
        }

        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context)
    {
        var spec = Defaults.Object(updated, "spec");
        var existingSpec = JsonNodes.GetNode(existing, "spec") as JsonObject ?? new JsonObject();
        var name = JsonNodes.Name(updated) ?? string.Empty;
        var oldIp = JsonNodes.GetString(existingSpec, "clusterIP");
        var newIp = JsonNodes.GetString(spec, "clusterIP");
        if (string.IsNullOrEmpty(newIp) && !string.IsNullOrEmpty(oldIp) && JsonNodes.GetString(spec, "type") != "ExternalName")
        {
            // An update that omits the allocated IP keeps it (the apiserver's patchAllocatedValues).
            spec["clusterIP"] = oldIp;
            spec["clusterIPs"] = existingSpec["clusterIPs"]?.DeepClone();
            newIp = oldIp;
        }

        ApplyDefaults(spec);
        Validate(definition, updated, spec);
        if (!string.IsNullOrEmpty(oldIp) && newIp != oldIp)
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, name,
                [ApiErrors.InvalidValue("spec.clusterIPs[0]", newIp ?? string.Empty, "may not change once set")]);
        }

        if (string.IsNullOrEmpty(oldIp) && JsonNodes.GetString(spec, "type") != "ExternalName")
        {
            AllocateClusterIp(definition, name, spec, context);
        }

        AllocateNodePorts(definition, name, spec, context, existingSpec);
    }

    public void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
        var spec = JsonNodes.GetNode(obj, "spec") as JsonObject;
        if (IPAddress.TryParse(JsonNodes.GetString(spec, "clusterIP"), out var address) && context.ClusterIps.Contains(address))
        {
            context.ClusterIps.Release(address);
        }

        foreach (var port in spec is null ? [] : Defaults.Items(spec, "ports"))
        {
            if (JsonNodes.GetInt64(port, "nodePort") is { } nodePort)
            {
                context.NodePorts.Release((int)nodePort);
            }
        }
    }

    private static void ApplyDefaults(JsonObject spec)
    {
        Defaults.Set(spec, "type", "ClusterIP");
        Defaults.Set(spec, "sessionAffinity", "None");
        var type = JsonNodes.GetString(spec, "type");
        foreach (var port in Defaults.Items(spec, "ports"))
        {
            Defaults.Set(port, "protocol", "TCP");
            if (port["targetPort"] is null && port["port"] is { } portNumber)
            {
                port["targetPort"] = portNumber.DeepClone();
            }
        }

        if (type != "ExternalName")
        {
            Defaults.Set(spec, "internalTrafficPolicy", "Cluster");
            Defaults.Set(spec, "ipFamilies", new JsonArray("IPv4"));
            Defaults.Set(spec, "ipFamilyPolicy", "SingleStack");
        }

        if (type is "NodePort" or "LoadBalancer")
        {
            Defaults.Set(spec, "externalTrafficPolicy", "Cluster");
        }

        if (type == "LoadBalancer")
        {
            Defaults.Set(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    private static void Validate(ResourceDefinition definition, JsonObject obj, JsonObject spec)
    {
        var causes = new List<StatusCause>();
        var type = JsonNodes.GetString(spec, "type");
        var headless = JsonNodes.GetString(spec, "clusterIP") == "None";
        var ports = spec["ports"] as JsonArray;
        if (type is not ("ClusterIP" or "NodePort" or "LoadBalancer" or "ExternalName"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported",
                $"Unsupported value: \"{type}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
                "spec.type"));
        }

        if (type == "ExternalName" && string.IsNullOrEmpty(JsonNodes.GetString(spec, "externalName")))
        {
            causes.Add(ApiErrors.Required("spec.externalName", string.Empty));
        }

        if (type != "ExternalName" && !headless && (ports is null || ports.Count == 0))
        {
            causes.Add(ApiErrors.Required("spec.ports", string.Empty));
        }

        if (ports is { Count: > 1 })
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (string.IsNullOrEmpty(JsonNodes.GetString(ports[i], "name")))
                {
                    causes.Add(ApiErrors.Required($"spec.ports[{i}].name", string.Empty));
                }
            }
        }

        if (causes.Count > 0)
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, JsonNodes.Name(obj) ?? string.Empty, causes);
        }
    }

    private static void AllocateClusterIp(ResourceDefinition definition, string name, JsonObject spec, StrategyContext context)
    {
        var requested = JsonNodes.GetString(spec, "clusterIP");
        if (string.IsNullOrEmpty(requested) && spec["clusterIPs"] is JsonArray { Count: > 0 } requestedList)
        {
            requested = requestedList[0]?.GetValue<string>();
        }

        if (requested == "None")
        {
            spec["clusterIP"] = "None";
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }

        if (string.IsNullOrEmpty(requested))
        {
            if (context.DryRun)
            {
                return;
            }

            var allocated = context.ClusterIps.AllocateNext().ToString();
            spec["clusterIP"] = allocated;
            spec["clusterIPs"] = new JsonArray(allocated);
            return;
        }

        if (!IPAddress.TryParse(requested, out var address) || !context.ClusterIps.IsAssignable(address))
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, name,
                [ApiErrors.InvalidValue("spec.clusterIPs", requested,
                    $"failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. " +
                    $"The range of valid IPs is {context.ClusterIps.Cidr}")]);
        }

        if (context.ClusterIps.IsInUse(address) || (!context.DryRun && !context.ClusterIps.TryReserve(address)))
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, name,
                [ApiErrors.InvalidValue("spec.clusterIPs", requested, $"failed to allocate IP {requested}: provided IP is already allocated")]);
        }

        spec["clusterIP"] = requested;
        spec["clusterIPs"] = new JsonArray(requested);
    }

    private static void AllocateNodePorts(ResourceDefinition definition, string name, JsonObject spec, StrategyContext context, JsonObject? existingSpec)
    {
        if (JsonNodes.GetString(spec, "type") is not ("NodePort" or "LoadBalancer") || context.DryRun)
        {
            return;
        }

        var existingPorts = existingSpec is null ? [] : Defaults.Items(existingSpec, "ports").ToList();
        var ports = Defaults.Items(spec, "ports").ToList();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var previous = existingPorts.FirstOrDefault(old =>
                JsonNode.DeepEquals(old["port"], port["port"]) && JsonNode.DeepEquals(old["protocol"], port["protocol"]));
            var previousNodePort = previous is null ? null : JsonNodes.GetInt64(previous, "nodePort");
            var requested = JsonNodes.GetInt64(port, "nodePort");
            if (requested is null && previousNodePort is not null)
            {
                port["nodePort"] = previousNodePort;
                continue;
            }

            if (requested is null)
            {
                port["nodePort"] = context.NodePorts.AllocateNext();
                continue;
            }

            if (requested == previousNodePort)
            {
                continue;
            }

            if (!NodePortAllocatorRange((int)requested) || !context.NodePorts.TryReserve((int)requested))
            {
                throw ApiErrors.Invalid(definition.Group, definition.Kind, name,
                    [ApiErrors.InvalidValue($"spec.ports[{i}].nodePort", requested.ToString()!, "provided port is already allocated")]);
            }
        }
    }

    private static bool NodePortAllocatorRange(int port) => Allocation.NodePortAllocator.InRange(port);
}
