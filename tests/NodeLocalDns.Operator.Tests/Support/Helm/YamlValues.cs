using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>
/// YAML as Kubernetes and Helm see it: plain scalars resolved the way go-yaml v2 (behind sigs.k8s.io/yaml) resolves
/// them, so <c>8080</c> is a number, <c>true</c>/<c>yes</c>/<c>on</c> are booleans, <c>~</c> is null, and quoted
/// scalars are always strings. Mappings become <see cref="Dictionary{TKey,TValue}"/> (string keys, document order),
/// sequences <see cref="List{T}"/>, numbers <see cref="long"/> or <see cref="double"/>. Also writes such values back
/// as YAML, in the block style of Helm's <c>toYaml</c>.
/// </summary>
internal static partial class YamlValues
{
    /// <summary>JSON string escaping that YAML double-quoted scalars read back unchanged (no \u003C for '&lt;').</summary>
    public static readonly JsonSerializerOptions QuotingOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> TrueWords =
        new(StringComparer.Ordinal) { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y" };
    private static readonly HashSet<string> FalseWords =
        new(StringComparer.Ordinal) { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N" };
    private static readonly HashSet<string> NullWords = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    /// <summary>Every document of <paramref name="yaml"/>; empty documents (only comments) are null.</summary>
    public static List<object?> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => Convert(d.RootNode))];
    }

    /// <summary>The single document of <paramref name="yaml"/>.</summary>
    public static object? Parse(string yaml)
    {
        var documents = ParseAll(yaml);
        return documents.Count switch
        {
            0 => null,
            1 => documents[0],
            _ => throw new FormatException($"expected one YAML document, found {documents.Count}"),
        };
    }

    /// <summary>Helm's <c>toYaml</c>: block style, keys sorted (as sigs.k8s.io/yaml writes them), no trailing newline.</summary>
    public static string ToYaml(object? value)
    {
        var output = new StringBuilder();
        switch (value)
        {
            case Dictionary<string, object?> { Count: > 0 } map:
                WriteMap(output, map, 0);
                break;
            case List<object?> { Count: > 0 } list:
                WriteList(output, list, 0);
                break;
            default:
                output.Append(Scalar(value)).Append('\n');
                break;
        }

        return output.ToString().TrimEnd('\n');
    }

    /// <summary>A deep copy of <paramref name="value"/> with <paramref name="overrides"/> merged in (maps merge key by key; anything else replaces).</summary>
    public static object? Merge(object? value, object? overrides)
    {
        if (value is Dictionary<string, object?> baseMap && overrides is Dictionary<string, object?> overrideMap)
        {
            var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, item) in baseMap)
            {
                merged[key] = Merge(item, null);
            }

            foreach (var (key, item) in overrideMap)
            {
                merged[key] = merged.TryGetValue(key, out var existing) ? Merge(existing, item) : Merge(item, null);
            }

            return merged;
        }

        var source = overrides ?? value;
        return source switch
        {
            Dictionary<string, object?> map => map.ToDictionary(pair => pair.Key, pair => Merge(pair.Value, null), StringComparer.Ordinal),
            List<object?> list => list.Select(item => Merge(item, null)).ToList(),
            _ => source,
        };
    }

    /// <summary>The value at a dotted path (<c>spec.cache.prefetch</c>), or null when any step is missing.</summary>
    public static object? At(object? value, string path)
    {
        foreach (var step in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (value is not Dictionary<string, object?> map || !map.TryGetValue(step, out value))
            {
                return null;
            }
        }

        return value;
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value ?? string.Empty,
            pair => Convert(pair.Value),
            StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => Resolve(scalar),
        _ => throw new FormatException($"unsupported YAML node {node.NodeType} at {node.Start}"),
    };

    private static object? Resolve(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var explicitString = !scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str";
        return scalar.Style is YamlDotNet.Core.ScalarStyle.Plain && !explicitString ? ResolvePlain(text) : text;
    }

    private static object? ResolvePlain(string text)
    {
        if (NullWords.Contains(text))
        {
            return null;
        }

        if (TrueWords.Contains(text))
        {
            return true;
        }

        if (FalseWords.Contains(text))
        {
            return false;
        }

        if (IntegerPattern().IsMatch(text)
            && long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (HexPattern().IsMatch(text))
        {
            return long.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        if (FloatPattern().IsMatch(text))
        {
            return double.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return text switch
        {
            ".inf" or ".Inf" or ".INF" or "+.inf" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            _ => text,
        };
    }

    private static void WriteMap(StringBuilder output, Dictionary<string, object?> map, int indent)
    {
        foreach (var (key, value) in map.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteNested(output, value, indent, listUnderKey: true);
        }
    }

    private static void WriteList(StringBuilder output, List<object?> list, int indent)
    {
        foreach (var item in list)
        {
            output.Append(' ', indent).Append('-');
            switch (item)
            {
                case Dictionary<string, object?> { Count: > 0 } map:
                    // The first key goes on the dash's line, the others under it.
                    var nested = new StringBuilder();
                    WriteMap(nested, map, indent + 2);
                    output.Append(' ').Append(nested.ToString(indent + 2, nested.Length - indent - 2));
                    break;
                case List<object?> { Count: > 0 } inner:
                    output.Append('\n');
                    WriteList(output, inner, indent + 2);
                    break;
                default:
                    output.Append(' ').Append(Scalar(item)).Append('\n');
                    break;
            }
        }
    }

    private static void WriteNested(StringBuilder output, object? value, int indent, bool listUnderKey)
    {
        switch (value)
        {
            case Dictionary<string, object?> { Count: > 0 } map:
                output.Append('\n');
                WriteMap(output, map, indent + 2);
                break;
            case List<object?> { Count: > 0 } list:
                // go-yaml v2 writes a sequence under a key without indenting the dashes.
                output.Append('\n');
                WriteList(output, list, listUnderKey ? indent : indent + 2);
                break;
            default:
                output.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    /// <summary>A scalar (or empty collection) in flow form; strings are quoted whenever their plain form would read differently.</summary>
    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        long number => number.ToString(CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        string text => SafePlainPattern().IsMatch(text) && ResolvePlain(text) is string ? text : JsonSerializer.Serialize(text, QuotingOptions),
        Dictionary<string, object?> => "{}",
        List<object?> => "[]",
        _ => throw new ArgumentException($"cannot write {value.GetType().Name} as YAML", nameof(value)),
    };

    [GeneratedRegex("^[-+]?[0-9][0-9_]*$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.?[0-9]+([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_/][A-Za-z0-9_./\-]*$")]
    private static partial Regex SafePlainPattern();
}
