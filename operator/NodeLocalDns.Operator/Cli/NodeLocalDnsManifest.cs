using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using NodeLocalDns.Operator.Api.V1Alpha1;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NodeLocalDns.Operator.Cli;

/// <summary>
/// Reads a <c>NodeLocalDns</c> manifest (<c>render --nodelocaldns nld.yaml</c>) the way the operator receives it: YAML
/// turned into JSON as kubectl sends it, then the operator's own JSON deserialization. A field the API type does not
/// have is an error naming its path (the API server would drop it and the operator never see it), as is a value of the
/// wrong kind. The file may hold other documents; exactly one must be a NodeLocalDns.
/// </summary>
internal static partial class NodeLocalDnsManifest
{
    private const string ApiVersion = $"{V1Alpha1NodeLocalDns.ApiGroup}/{V1Alpha1NodeLocalDns.Version}";

    /// <summary>The NodeLocalDns in <paramref name="text"/>, read from <paramref name="file"/>.</summary>
    /// <exception cref="InvalidDataException">The file holds no NodeLocalDns, several, or one the operator cannot read; the message says where.</exception>
    public static V1Alpha1NodeLocalDns Load(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{file}:{e.Start.Line}:{e.Start.Column}: this is not valid YAML: {e.InnerException?.Message ?? e.Message}", e);
        }

        var found = stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .Where(root => Scalar(root, "kind") == V1Alpha1NodeLocalDns.KindName)
            .ToList();
        if (found.Count != 1)
        {
            throw new InvalidDataException(found.Count == 0
                ? $"{file}: no NodeLocalDns here: expected a document with apiVersion: {ApiVersion} and kind: {V1Alpha1NodeLocalDns.KindName} (kubectl get nld default -o yaml prints one)."
                : $"{file}: {found.Count} NodeLocalDns documents; a cluster has one, so give the file with the one to preview.");
        }

        var root = found[0];
        if (Scalar(root, "apiVersion") is var version && version != ApiVersion)
        {
            throw new InvalidDataException($"{file}:{root.Start.Line}:{root.Start.Column}: apiVersion is '{version}'; the operator reads {ApiVersion}.");
        }

        var json = ToJson(root) as JsonObject ?? [];
        V1Alpha1NodeLocalDns typed;
        try
        {
            typed = KubernetesJson.Deserialize<V1Alpha1NodeLocalDns>(json.ToJsonString());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}:{root.Start.Line}:{root.Start.Column}: {Path(e.Path)}: not a value the NodeLocalDns type accepts ({e.Message.Split(" Path:")[0]}).", e);
        }

        typed.Spec ??= new NodeLocalDnsSpec();
        var back = JsonNode.Parse(KubernetesJson.Serialize(typed.Spec));
        var unknown = Missing(json["spec"], back, "spec").ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException($"{file}: {string.Join(", ", unknown)}: no such field in the NodeLocalDns spec (kubectl explain nodelocaldns.spec --recursive lists them); the API server would drop it, so the operator would never see it.");
        }

        return typed;
    }

    /// <summary>Paths under <paramref name="path"/> that <paramref name="input"/> has and the typed round trip lost.</summary>
    private static IEnumerable<string> Missing(JsonNode? input, JsonNode? back, string path)
    {
        switch (input)
        {
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    if (back is not JsonObject backMap || !backMap.TryGetPropertyValue(key, out var backValue))
                    {
                        yield return $"{path}.{key}";
                        continue;
                    }

                    foreach (var missing in Missing(value, backValue, $"{path}.{key}"))
                    {
                        yield return missing;
                    }
                }

                break;
            case JsonArray list when back is JsonArray backList:
                for (var i = 0; i < list.Count && i < backList.Count; i++)
                {
                    foreach (var missing in Missing(list[i], backList[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]")))
                    {
                        yield return missing;
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>YAML to JSON with YAML 1.2 core-schema scalars: plain <c>true</c>, <c>10</c>, <c>null</c> are typed, quoted ones are strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children
            .Where(p => p.Key is YamlScalarNode { Value: not null })
            .Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var value } => Plain(value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? string.Empty),
        _ => null,
    };

    private static JsonValue? Plain(string? value) => value switch
    {
        null or "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ when Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        _ => JsonValue.Create(value),
    };

    private static string Path(string? jsonPath) => string.IsNullOrEmpty(jsonPath) ? "the document" : jsonPath.TrimStart('$').TrimStart('.');

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
