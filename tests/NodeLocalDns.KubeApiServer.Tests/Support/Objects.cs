using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Tests.Support;

/// <summary>Builders for the objects tests create.</summary>
internal static class Objects
{
    public static JsonObject ConfigMap(string name, JsonObject? data = null, JsonObject? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = data ?? new JsonObject { ["key"] = "value" },
        };
    }

    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    public static JsonObject DaemonSet(string name, string image = "registry.k8s.io/dns/k8s-dns-node-cache:1.23.1") => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "node-cache",
                        ["image"] = image,
                        ["args"] = new JsonArray("-localip", "169.254.20.10"),
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 53, ["name"] = "dns", ["protocol"] = "UDP" }),
                        ["env"] = new JsonArray(new JsonObject { ["name"] = "A", ["value"] = "1" }),
                    }),
                },
            },
        },
    };

    public static JsonObject Service(string name, string? clusterIp = null)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["k8s-app"] = name },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "dns", ["port"] = 53, ["protocol"] = "UDP" }),
        };
        if (clusterIp is not null)
        {
            spec["clusterIP"] = clusterIp;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    /// <summary>A CRD for <c>widgets.example.test</c> (or another plural), with status subresource and printer columns.</summary>
    public static JsonObject WidgetDefinition(string scope = "Namespaced", string plural = "widgets", string kind = "Widget", bool statusSubresource = true)
    {
        var version = new JsonObject
        {
            ["name"] = "v1",
            ["served"] = true,
            ["storage"] = true,
            ["schema"] = new JsonObject
            {
                ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
            },
            ["additionalPrinterColumns"] = new JsonArray(
                new JsonObject { ["name"] = "Size", ["type"] = "integer", ["jsonPath"] = ".spec.size" },
                new JsonObject { ["name"] = "Available", ["type"] = "string", ["jsonPath"] = ".status.conditions[?(@.type==\"Available\")].status" },
                new JsonObject { ["name"] = "Age", ["type"] = "date", ["jsonPath"] = ".metadata.creationTimestamp" }),
        };
        if (statusSubresource)
        {
            version["subresources"] = new JsonObject { ["status"] = new JsonObject() };
        }

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{plural}.example.test" },
            ["spec"] = new JsonObject
            {
                ["group"] = "example.test",
                ["scope"] = scope,
                ["names"] = new JsonObject
                {
                    ["plural"] = plural,
                    ["singular"] = kind.ToLowerInvariant(),
                    ["kind"] = kind,
                    ["shortNames"] = new JsonArray(kind[..2].ToLowerInvariant()),
                    ["categories"] = new JsonArray("all"),
                },
                ["versions"] = new JsonArray(version),
            },
        };
    }

    public static JsonObject Widget(string name, int size = 1, string kind = "Widget") => new()
    {
        ["apiVersion"] = "example.test/v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["size"] = size },
    };

    public static JsonObject OwnerReference(JsonObject owner, bool blockOwnerDeletion = false) => new()
    {
        ["apiVersion"] = owner["apiVersion"]!.GetValue<string>(),
        ["kind"] = owner["kind"]!.GetValue<string>(),
        ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
        ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        ["blockOwnerDeletion"] = blockOwnerDeletion,
    };
}
