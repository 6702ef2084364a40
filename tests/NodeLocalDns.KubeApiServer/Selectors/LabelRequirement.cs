using System.Globalization;

namespace NodeLocalDns.KubeApiServer.Selectors;

/// <summary>One comma-separated term of a label selector.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>Matches as labels.Requirement.Matches: <c>!=</c> and <c>notin</c> also match objects without the label.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            LabelOperator.Equals or LabelOperator.In => has && Values.Contains(value!, StringComparer.Ordinal),
            LabelOperator.NotEquals or LabelOperator.NotIn => !has || !Values.Contains(value!, StringComparer.Ordinal),
            LabelOperator.GreaterThan => has && CompareAsIntegers(value!) > 0,
            LabelOperator.LessThan => has && CompareAsIntegers(value!) < 0,
            _ => false,
        };
    }

    private int CompareAsIntegers(string value)
    {
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
            || !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
        {
            return 0;
        }

        return actual.CompareTo(bound);
    }
}
