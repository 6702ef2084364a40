using System.Text.RegularExpressions;

namespace NodeLocalDns.Operator.Tests.Support.Monitoring;

/// <summary>
/// The metric names a PromQL expression reads. Label matchers (<c>{...}</c>), range and subquery brackets, strings and
/// Grafana variables (<c>$job</c>, <c>$__rate_interval</c>) are skipped; an identifier followed by <c>(</c> is a
/// function or aggregation; the label lists of <c>by</c>, <c>without</c>, <c>on</c>, <c>ignoring</c>, <c>group_left</c>
/// and <c>group_right</c> are labels; what is left are metric names. Grafana's <c>label_values(expr, label)</c> reads
/// the metrics of its expression.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "atan2", "inf", "nan", "Inf", "NaN",

        // Aggregation operators: followed by "by (...)" or "without (...)" rather than by their parenthesis.
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    };

    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.Ordinal) { "by", "without", "on", "ignoring", "group_left", "group_right" };

    public static IReadOnlySet<string> Of(string expression)
    {
        if (LabelValues().Match(expression.Trim()) is { Success: true } labelValues)
        {
            expression = labelValues.Groups["expr"].Value;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expression, i);
            }
            else if (c == '{')
            {
                i = SkipTo(expression, i, '}');
            }
            else if (c == '[')
            {
                i = SkipTo(expression, i, ']');
            }
            else if (c == '$')
            {
                i++;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] == '_'))
                {
                    i++;
                }
            }
            else if (char.IsAsciiLetter(c) || c is '_' or ':')
            {
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] is '_' or ':'))
                {
                    i++;
                }

                var word = expression[start..i];
                var next = i;
                while (next < expression.Length && char.IsWhiteSpace(expression[next]))
                {
                    next++;
                }

                var call = next < expression.Length && expression[next] == '(';
                if (LabelListKeywords.Contains(word) && call)
                {
                    i = SkipTo(expression, next, ')');
                }
                else if (!call && !Keywords.Contains(word))
                {
                    names.Add(word);
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                // A number or a duration (5m, 1.5e3): digits, letters and dots together.
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '.'))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }

    /// <summary>The index after the string starting at <paramref name="start"/> (backslash escapes honoured except in backticks).</summary>
    private static int SkipString(string text, int start)
    {
        var quote = text[start];
        var i = start + 1;
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return i + 1;
    }

    /// <summary>The index after the <paramref name="close"/> that ends the group opened at <paramref name="start"/>, skipping strings.</summary>
    private static int SkipTo(string text, int start, char close)
    {
        var i = start + 1;
        while (i < text.Length && text[i] != close)
        {
            i = text[i] is '"' or '\'' or '`' ? SkipString(text, i) : i + 1;
        }

        return i + 1;
    }

    [GeneratedRegex(@"^label_values\((?<expr>.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)$", RegexOptions.Singleline)]
    private static partial Regex LabelValues();
}
