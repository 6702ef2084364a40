using System.Text.Json;
using k8s;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support.Helm;

namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>
/// Turns manifests into typed objects. Built-in kinds go through <see cref="KubernetesYaml"/> in strict mode (an unknown
/// or misspelt field throws). NodeLocalDns goes through JSON, as kubectl and the API server read it: KubernetesYaml maps
/// YAML keys to properties by camel-casing C# names for every type outside k8s.Models, so it cannot see the API's
/// acronym fields (localIPs, kubeDNSService, successTTL, ...); unknown NodeLocalDns fields are caught by
/// the API server's strict field validation (<see cref="AdmissionServer"/>) and by the round-trip check in <see cref="NodeLocalDns"/>.
/// </summary>
internal static class ManifestObjects
{
    /// <summary>Every non-empty document of a multi-document YAML stream.</summary>
    public static List<object> Load(string yaml) =>
        [.. Documents(yaml).Where(document => YamlValues.Parse(document) is not null).Select(document => IsNodeLocalDns(YamlValues.Parse(document))
            ? NodeLocalDns(document)
            : KubernetesYaml.LoadAllFromString(document, strict: true).Single())];

    /// <summary>
    /// A NodeLocalDns from YAML, through JSON. Throws when the typed object does not carry every field of the
    /// document back (a field the C# type does not know would be lost on the way to the API server).
    /// </summary>
    public static V1Alpha1NodeLocalDns NodeLocalDns(string yaml)
    {
        var document = YamlValues.Parse(yaml);
        var json = JsonSerializer.Serialize(document);
        var typed = KubernetesJson.Deserialize<V1Alpha1NodeLocalDns>(json);
        var back = YamlValues.Parse(KubernetesJson.Serialize(typed));
        foreach (var path in LeafPaths(YamlValues.At(document, "spec"), "spec"))
        {
            if (!Same(YamlValues.At(document, path), YamlValues.At(back, path)))
            {
                throw new InvalidDataException($"{path}: the NodeLocalDns type does not keep this field " +
                    $"(document {Show(YamlValues.At(document, path))}, typed {Show(YamlValues.At(back, path))})");
            }
        }

        return typed;
    }

    private static bool IsNodeLocalDns(object? document) =>
        YamlValues.At(document, "kind") as string == V1Alpha1NodeLocalDns.KindName
        && YamlValues.At(document, "apiVersion") as string == $"{V1Alpha1NodeLocalDns.ApiGroup}/{V1Alpha1NodeLocalDns.Version}";

    private static IEnumerable<string> Documents(string yaml)
    {
        var current = new List<string>();
        foreach (var line in yaml.Split('\n'))
        {
            if (line.TrimEnd() == "---")
            {
                yield return string.Join('\n', current);
                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }

        yield return string.Join('\n', current);
    }

    private static IEnumerable<string> LeafPaths(object? value, string path) => value switch
    {
        Dictionary<string, object?> { Count: 0 } => [],
        Dictionary<string, object?> { Count: > 0 } map
            when !path.EndsWith(".resources", StringComparison.Ordinal) && !path.EndsWith(".nodeSelector", StringComparison.Ordinal)
            => map.SelectMany(pair => pair.Key.Contains('.', StringComparison.Ordinal) ? [path] : LeafPaths(pair.Value, $"{path}.{pair.Key}")),
        _ => [path],
    };

    private static bool Same(object? expected, object? actual) => JsonSerializer.Serialize(Normalize(expected)) == JsonSerializer.Serialize(Normalize(actual));

    /// <summary>Map keys sorted, so only content counts.</summary>
    private static object? Normalize(object? value) => value switch
    {
        Dictionary<string, object?> map => new SortedDictionary<string, object?>(map.ToDictionary(p => p.Key, p => Normalize(p.Value)), StringComparer.Ordinal),
        List<object?> list => list.Select(Normalize).ToList(),
        _ => value,
    };

    private static string Show(object? value) => JsonSerializer.Serialize(Normalize(value));
}
