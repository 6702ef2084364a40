using k8s.Models;

namespace NodeLocalDns.Controllers.Tests.Support;

/// <summary>Builders for the typed objects runtime tests use.</summary>
internal static class TestObjects
{
    public static V1ConfigMap ConfigMap(string name, string? ns = "default", string? resourceVersion = null,
        IDictionary<string, string>? data = null, IDictionary<string, string>? labels = null, params V1OwnerReference[] owners) =>
        new()
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                ResourceVersion = resourceVersion,
                Labels = labels,
                OwnerReferences = owners.Length == 0 ? null : owners,
            },
            Data = data ?? new Dictionary<string, string> { ["key"] = "value" },
        };

    public static V1OwnerReference Owner(string apiVersion, string kind, string name, bool controller = true) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = name,
        Uid = Guid.NewGuid().ToString(),
        Controller = controller,
    };

    public static Widget Widget(string name, int size = 1) => new()
    {
        ApiVersion = "example.test/v1",
        Kind = "Widget",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new WidgetSpec { Size = size },
    };

    /// <summary>A cluster-scoped CRD for <see cref="Support.Widget"/>, as JSON for <c>TestKubeApiServer.PutObject</c>.</summary>
    public const string WidgetDefinition = """
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": { "name": "widgets.example.test" },
          "spec": {
            "group": "example.test",
            "scope": "Cluster",
            "names": { "plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList" },
            "versions": [{
              "name": "v1", "served": true, "storage": true,
              "schema": { "openAPIV3Schema": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } },
              "subresources": { "status": {} }
            }]
          }
        }
        """;
}
