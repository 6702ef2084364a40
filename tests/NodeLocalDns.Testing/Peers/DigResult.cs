using System.Text.RegularExpressions;

namespace NodeLocalDns.Testing.Peers;

/// <summary>What dig printed, with the parts tests compare.</summary>
public sealed partial record DigResult(int ExitCode, string Output, string Error)
{
    /// <summary>The status in the header line (<c>NOERROR</c>, <c>NXDOMAIN</c>…), or empty when there was no answer.</summary>
    public string Status => StatusPattern().Match(Output) is { Success: true } m ? m.Groups[1].Value : string.Empty;

    /// <summary>The header flags (<c>qr rd ra</c>…).</summary>
    public string Flags => FlagsPattern().Match(Output) is { Success: true } m ? m.Groups[1].Value.Trim() : string.Empty;

    /// <summary>The answer section's lines (with TTLs).</summary>
    public IReadOnlyList<string> AnswerLines => Section("ANSWER");

    /// <summary>The answer records without TTLs, whitespace-normalised and sorted, for comparing servers.</summary>
    public IReadOnlyList<string> AnswerSet =>
        [.. AnswerLines
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(f => string.Join(' ', f.Take(1).Concat(f.Skip(2))))
            .Order(StringComparer.Ordinal)];

    /// <summary>The TTLs of the answer records.</summary>
    public IReadOnlyList<int> AnswerTtls =>
        [.. AnswerLines.Select(l =>
            int.Parse(l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture))];

    private IReadOnlyList<string> Section(string name)
    {
        var lines = Output.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($";; {name} SECTION:", StringComparison.Ordinal));
        return start < 0 ? [] : [.. lines.Skip(start + 1).TakeWhile(l => l.Trim().Length > 0)];
    }

    [GeneratedRegex("status: ([A-Z]+)")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(";; flags: ([a-z ]+);")]
    private static partial Regex FlagsPattern();
}
