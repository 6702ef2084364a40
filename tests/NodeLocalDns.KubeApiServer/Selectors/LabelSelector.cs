using System.Text;
using NodeLocalDns.KubeApiServer.Errors;

namespace NodeLocalDns.KubeApiServer.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> query parameter: equality-based (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>), existence
/// (<c>a</c>, <c>!a</c>), set-based (<c>a in (x,y)</c>, <c>a notin (x)</c>) and numeric (<c>a&gt;1</c>) terms, all ANDed.
/// Invalid syntax is a 400 BadRequest as in the apiserver.
/// </summary>
internal sealed class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => Requirements = requirements;

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(requirement => requirement.Matches(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        var position = 0;
        while (true)
        {
            SkipSpaces(text, ref position);
            requirements.Add(ParseRequirement(text, ref position));
            SkipSpaces(text, ref position);
            if (position >= text.Length)
            {
                break;
            }

            if (text[position] != ',')
            {
                throw Error(text, $"found '{text[position]}', expected: ',' or end of string");
            }

            position++;
        }

        return new LabelSelector(requirements);
    }

    private static LabelRequirement ParseRequirement(string text, ref int position)
    {
        var negated = false;
        if (position < text.Length && text[position] == '!')
        {
            negated = true;
            position++;
            SkipSpaces(text, ref position);
        }

        var key = ReadToken(text, ref position);
        ValidateKey(text, key);
        SkipSpaces(text, ref position);
        if (negated)
        {
            return new LabelRequirement(key, LabelOperator.DoesNotExist, []);
        }

        if (position >= text.Length || text[position] == ',')
        {
            return new LabelRequirement(key, LabelOperator.Exists, []);
        }

        if (Consume(text, ref position, "=="))
        {
            return new LabelRequirement(key, LabelOperator.Equals, [ReadValue(text, ref position)]);
        }

        if (Consume(text, ref position, "!="))
        {
            return new LabelRequirement(key, LabelOperator.NotEquals, [ReadValue(text, ref position)]);
        }

        if (Consume(text, ref position, "="))
        {
            return new LabelRequirement(key, LabelOperator.Equals, [ReadValue(text, ref position)]);
        }

        if (Consume(text, ref position, ">"))
        {
            return new LabelRequirement(key, LabelOperator.GreaterThan, [ReadInteger(text, ref position)]);
        }

        if (Consume(text, ref position, "<"))
        {
            return new LabelRequirement(key, LabelOperator.LessThan, [ReadInteger(text, ref position)]);
        }

        var word = ReadToken(text, ref position);
        var op = word switch
        {
            "in" => LabelOperator.In,
            "notin" => LabelOperator.NotIn,
            _ => throw Error(text, $"found '{word}', expected: in, notin, =, ==, !=, gt, lt"),
        };
        SkipSpaces(text, ref position);
        if (!Consume(text, ref position, "("))
        {
            throw Error(text, "found '" + (position < text.Length ? text[position] : ' ') + "', expected: '('");
        }

        var values = new List<string>();
        while (true)
        {
            SkipSpaces(text, ref position);
            if (Consume(text, ref position, ")"))
            {
                break;
            }

            values.Add(ReadValue(text, ref position));
            SkipSpaces(text, ref position);
            if (Consume(text, ref position, ","))
            {
                continue;
            }

            if (!Consume(text, ref position, ")"))
            {
                throw Error(text, "expected ',' or ')'");
            }

            break;
        }

        if (values.Count == 0)
        {
            throw Error(text, "for 'in', 'notin' operators, values set can't be empty");
        }

        return new LabelRequirement(key, op, values);
    }

    private static string ReadValue(string text, ref int position)
    {
        SkipSpaces(text, ref position);
        var value = ReadToken(text, ref position);
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                throw Error(text, $"invalid label value: \"{value}\"");
            }
        }

        if (value.Length > 63)
        {
            throw Error(text, $"invalid label value: \"{value}\": must be no more than 63 characters");
        }

        return value;
    }

    private static string ReadInteger(string text, ref int position)
    {
        var value = ReadValue(text, ref position);
        if (!long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw Error(text, $"for 'Gt', 'Lt' operators, the value must be an integer");
        }

        return value;
    }

    private static string ReadToken(string text, ref int position)
    {
        var builder = new StringBuilder();
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not (',' or '=' or '!' or '(' or ')' or '<' or '>'))
        {
            builder.Append(text[position]);
            position++;
        }

        return builder.ToString();
    }

    private static void ValidateKey(string text, string key)
    {
        if (key.Length == 0)
        {
            throw Error(text, "found '', expected: identifier");
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or '/'))
            {
                throw Error(text, $"invalid label key \"{key}\"");
            }
        }
    }

    private static bool Consume(string text, ref int position, string token)
    {
        if (string.CompareOrdinal(text, position, token, 0, token.Length) == 0)
        {
            position += token.Length;
            return true;
        }

        return false;
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static ApiException Error(string text, string detail) =>
        ApiErrors.BadRequest($"unable to parse requirement: {detail} (in selector \"{text}\")");
}
