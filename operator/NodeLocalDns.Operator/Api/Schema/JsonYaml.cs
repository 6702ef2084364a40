using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NodeLocalDns.Operator.Api.Schema;

/// <summary>
/// JSON (as KubernetesJson writes an object) to block-style YAML, as kubectl prints it: keys in the JSON's order,
/// strings quoted only where a YAML reader would take them for something else. Through YamlDotNet's representation
/// model, which needs no reflection: the published operator is compiled ahead of time, and KubernetesClient.Aot keeps
/// its own YAML serializer internal.
/// </summary>
internal static partial class JsonYaml
{
    /// <summary>The YAML document for <paramref name="json"/>, ending with a newline.</summary>
    public static string Write(JsonNode json)
    {
        var stream = new YamlStream(new YamlDocument(ToYaml(json)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlStream ends every document with "...": one document needs no end marker.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject map => new YamlMappingNode(map.Select(p => KeyValuePair.Create<YamlNode, YamlNode>(String(p.Key), ToYaml(p.Value)))),
        JsonArray list => new YamlSequenceNode(list.Select(ToYaml)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => String(value.GetValue<string>()),
        JsonValue value => new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain },
        null => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
        _ => throw new ArgumentException($"Unexpected JSON node {node.GetType().Name}.", nameof(node)),
    };

    // A plain scalar that a YAML 1.1 or 1.2 reader (kubectl's go-yaml among them) would resolve to null, a boolean or
    // a number must be quoted to stay a string; anything else is left to the emitter, which quotes what needs it.
    private static YamlScalarNode String(string value) =>
        new(value) { Style = value.Length == 0 || NonString().IsMatch(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    [GeneratedRegex(@"^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|" +
        @"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F_]+|0o?[0-7_]+|" +
        @"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")]
    private static partial Regex NonString();
}
