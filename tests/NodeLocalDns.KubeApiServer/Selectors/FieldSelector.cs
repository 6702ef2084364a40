using System.Text;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Storage;

namespace NodeLocalDns.KubeApiServer.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>. Only the fields a resource declares are selectable (metadata.name and
/// metadata.namespace always; e.g. spec.nodeName for pods); anything else is a 400, as in the apiserver.
/// </summary>
internal sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);

    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    /// <summary>The name this selector pins (<c>metadata.name=x</c>), which clients use to watch a single object.</summary>
    public string? RequiredName =>
        Requirements.FirstOrDefault(requirement => requirement is { Field: "metadata.name", Negated: false })?.Value;

    public bool Matches(StoredObject obj) =>
        Requirements.All(requirement => string.Equals(obj.ReadField(requirement.Field), requirement.Value, StringComparison.Ordinal) != requirement.Negated);

    public static FieldSelector Parse(string? text, IReadOnlyCollection<string> selectableFields)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var term in SplitUnescaped(text, ','))
        {
            var (field, value, negated) = SplitTerm(text, term);
            field = field.Trim();
            if (field != "metadata.name" && field != "metadata.namespace" && !selectableFields.Contains(field))
            {
                throw ApiErrors.BadRequest($"field label not supported: {field}");
            }

            requirements.Add(new FieldRequirement(field, Unescape(value), negated));
        }

        return new FieldSelector(requirements);
    }

    private static (string Field, string Value, bool Negated) SplitTerm(string selector, string term)
    {
        foreach (var (op, negated) in new[] { ("!=", true), ("==", false), ("=", false) })
        {
            var index = IndexOfUnescaped(term, op);
            if (index > 0)
            {
                return (term[..index], term[(index + op.Length)..], negated);
            }
        }

        throw ApiErrors.BadRequest($"invalid selector: '{selector}'; can't understand '{term}'");
    }

    private static int IndexOfUnescaped(string text, string token)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }

            if (string.CompareOrdinal(text, i, token, 0, token.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                current.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (text[i] == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static string Unescape(string value)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }
}
