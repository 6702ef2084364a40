using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Tables;

/// <summary>
/// The JSONPath subset CRD printer columns use (k8s.io/client-go/util/jsonpath): field steps (<c>.a.b</c>, <c>['a.b']</c>),
/// indexes (<c>[0]</c>), wildcards (<c>[*]</c>) and filters (<c>[?(@.type=="Ready")]</c> with ==, !=, &lt;, &gt;, or bare
/// existence). Missing keys yield no result, as with AllowMissingKeys(true).
/// </summary>
internal sealed class JsonPathExpression
{
    private readonly IReadOnlyList<Func<JsonNode?, IEnumerable<JsonNode?>>> _steps;

    private JsonPathExpression(string text, IReadOnlyList<Func<JsonNode?, IEnumerable<JsonNode?>>> steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    public static JsonPathExpression Parse(string text)
    {
        var body = text.Trim();
        if (body.StartsWith('{') && body.EndsWith('}'))
        {
            body = body[1..^1];
        }

        var steps = new List<Func<JsonNode?, IEnumerable<JsonNode?>>>();
        var position = 0;
        if (body.StartsWith('$'))
        {
            position = 1;
        }

        while (position < body.Length)
        {
            switch (body[position])
            {
                case '.':
                    position++;
                    var name = ReadName(body, ref position);
                    if (name.Length > 0)
                    {
                        steps.Add(node => Child(node, name));
                    }

                    break;
                case '[':
                    var close = FindClosingBracket(body, position);
                    var inner = body[(position + 1)..close].Trim();
                    position = close + 1;
                    steps.Add(ParseBracket(inner, text));
                    break;
                default:
                    var bare = ReadName(body, ref position);
                    steps.Add(node => Child(node, bare));
                    break;
            }
        }

        return new JsonPathExpression(text, steps);
    }

    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(step).ToList();
        }

        return current.ToList();
    }

    private static Func<JsonNode?, IEnumerable<JsonNode?>> ParseBracket(string inner, string text)
    {
        if (inner == "*")
        {
            return node => node switch
            {
                JsonArray array => array,
                JsonObject obj => obj.Select(pair => pair.Value),
                _ => [],
            };
        }

        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            var key = inner[1..^1];
            return node => Child(node, key);
        }

        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return node => node is JsonArray array && (index < 0 ? array.Count + index : index) is var i && i >= 0 && i < array.Count ? [array[i]] : [];
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var filter = ParseFilter(inner[2..^1].Trim(), text);
            return node => node is JsonArray array ? array.Where(filter) : [];
        }

        throw new FormatException($"unsupported JSONPath element [{inner}] in {text}");
    }

    private static Func<JsonNode?, bool> ParseFilter(string condition, string text)
    {
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            var at = condition.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var left = Parse(condition[..at].Trim().TrimStart('@'));
            var literal = ParseLiteral(condition[(at + op.Length)..].Trim());
            return item => left.Evaluate(item).Any(value => Compare(value, literal, op));
        }

        if (condition.StartsWith('@'))
        {
            var path = Parse(condition.TrimStart('@'));
            return item => path.Evaluate(item).Count > 0;
        }

        throw new FormatException($"unsupported JSONPath filter {condition} in {text}");
    }

    private static bool Compare(JsonNode? value, JsonNode? literal, string op)
    {
        if (value is JsonValue actual && literal is JsonValue expected
            && actual.TryGetValue<double>(out var left) && expected.TryGetValue<double>(out var right))
        {
            return op switch
            {
                "==" => left == right,
                "!=" => left != right,
                "<" => left < right,
                ">" => left > right,
                "<=" => left <= right,
                _ => left >= right,
            };
        }

        var equal = JsonNode.DeepEquals(value, literal);
        return op switch
        {
            "==" => equal,
            "!=" => !equal,
            _ => false,
        };
    }

    private static JsonValue ParseLiteral(string literal)
    {
        if (literal.Length >= 2 && literal[0] is '\'' or '"' && literal[^1] == literal[0])
        {
            return JsonValue.Create(literal[1..^1]);
        }

        return literal switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(literal),
        };
    }

    private static IEnumerable<JsonNode?> Child(JsonNode? node, string name) =>
        node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? [child] : [];

    private static string ReadName(string body, ref int position)
    {
        var builder = new StringBuilder();
        while (position < body.Length && body[position] is not ('.' or '['))
        {
            if (body[position] == '\\' && position + 1 < body.Length)
            {
                position++;
            }

            builder.Append(body[position]);
            position++;
        }

        return builder.ToString();
    }

    private static int FindClosingBracket(string body, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < body.Length; i++)
        {
            var c = body[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        throw new FormatException($"unclosed [ in JSONPath {body}");
    }
}
