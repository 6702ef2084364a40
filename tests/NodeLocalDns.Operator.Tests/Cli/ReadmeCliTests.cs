using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Cli;

/// <summary>
/// The README's "The command line" section is run as written: every <c>nodelocal-operator</c> command in its shell blocks
/// (a <c>kubectl … |</c> in front stands for the example ConfigMaps on stdin), each <c>$</c> transcript compared line for
/// line, and each JSON example matched against what the command before it prints (same keys in the same order, every
/// listed element present, <c>...</c> ending a string stands for the rest).
/// </summary>
public sealed partial class ReadmeCliTests
{
    private static readonly string Section = ReadSection();

    private static string ReadSection()
    {
        var readme = File.ReadAllText(TestData.Repo("README.md"));
        var start = readme.IndexOf("## The command line", StringComparison.Ordinal);
        return readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
    }

    private static List<string> Blocks(string language) =>
        [.. FencedBlock().Matches(Section).Where(m => m.Groups["language"].Value == language).Select(m => m.Groups["body"].Value)];

    private static string[] Words(string command) =>
        [.. ShellWord().Matches(command).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Value)
            .Select(word => File.Exists(TestData.Repo(word)) ? TestData.Repo(word) : word)];

    private static (int Exit, string Out, string Error) Run(string commandLine)
    {
        var stdin = string.Empty;
        if (commandLine.Contains('|', StringComparison.Ordinal))
        {
            // kubectl -n kube-system get configmap coredns coredns-custom -o yaml: the example ConfigMaps.
            Assert.That(commandLine, Does.StartWith("kubectl -n kube-system get configmap coredns coredns-custom -o yaml |"));
            stdin = File.ReadAllText(TestData.Repo("operator", "examples", "coredns-configmap.yaml"));
            commandLine = commandLine[(commandLine.IndexOf('|', StringComparison.Ordinal) + 1)..].Trim();
        }

        var words = Words(commandLine.Replace("> /dev/null", string.Empty, StringComparison.Ordinal));
        Assert.That(words[0], Is.EqualTo("nodelocal-operator"), commandLine);
        return CliRun.InProcess(stdin, words[1..]);
    }

    [Test]
    public void Section_HasTheCommandsTranscriptsAndJsonItDocuments()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Blocks("sh"), Has.Count.EqualTo(2));
            Assert.That(Blocks("json"), Has.Count.EqualTo(2));
            Assert.That(Section, Does.Contain("--coredns-version").And.Contain("--nodelocaldns").And.Contain("--output"));
        });
    }

    [Test]
    public void ShellExamples_RunAsWritten()
    {
        foreach (var line in Blocks("sh")[0].Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var (exit, output, error) = Run(line);
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.EqualTo(0), $"{line}\n{error}");
                Assert.That(output, Is.Not.Empty, line);
            });
        }
    }

    [Test]
    public void Transcript_PrintsWhatTheReadmeShows()
    {
        var lines = Blocks("sh")[1].TrimEnd('\n').Split('\n');
        var (exit, output, error) = (0, string.Empty, string.Empty);
        string? command = null;
        var expected = new List<string>();
        foreach (var line in lines.Append("$ end"))
        {
            if (!line.StartsWith("$ ", StringComparison.Ordinal))
            {
                expected.Add(line);
                continue;
            }

            if (command == "echo $?")
            {
                Assert.That(expected, Is.EqualTo(new[] { exit.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            }
            else if (command is not null)
            {
                (exit, output, error) = Run(command);
                var shown = command.Contains("> /dev/null", StringComparison.Ordinal) ? error : output + error;
                Assert.That(shown.TrimEnd('\n').Split('\n'), Is.EqualTo(expected), command);
            }

            command = line[2..];
            expected.Clear();
        }
    }

    [TestCase(0, "stubdomains -f operator/examples/coredns-configmap.yaml")]
    [TestCase(1, "render -f operator/examples/coredns-configmap.yaml --nodelocaldns crds/samples/nodelocaldns-full.yaml --upstream-ip 10.96.0.11 -o json")]
    public void JsonExample_IsAnExcerptOfTheRealOutput(int block, string command)
    {
        Assert.That(Section, Does.Contain(command.Split(" -f ")[0]));
        var (exit, output, error) = Run("nodelocal-operator " + command);
        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(Mismatch(JsonNode.Parse(Blocks("json")[block]), JsonNode.Parse(output), "$"), Is.Null);
    }

    /// <summary>Where <paramref name="shown"/> is not an excerpt of <paramref name="actual"/>, or null when it is.</summary>
    private static string? Mismatch(JsonNode? shown, JsonNode? actual, string path)
    {
        switch (shown)
        {
            case JsonObject map:
                if (actual is not JsonObject actualMap || !map.Select(p => p.Key).SequenceEqual(actualMap.Select(p => p.Key)))
                {
                    return $"{path}: keys {string.Join(",", map.Select(p => p.Key))} against {actual?.ToJsonString()}";
                }

                return map.Select(p => Mismatch(p.Value, actualMap[p.Key], $"{path}.{p.Key}")).FirstOrDefault(m => m is not null);
            case JsonArray list:
                if (actual is not JsonArray actualList)
                {
                    return $"{path}: not an array in the output";
                }

                var remaining = actualList.ToList();
                foreach (var element in list)
                {
                    var index = remaining.FindIndex(candidate => Mismatch(element, candidate, path) is null);
                    if (index < 0)
                    {
                        return $"{path}: {element?.ToJsonString()} is not in the output (in this order): {actual.ToJsonString()}";
                    }

                    remaining = remaining[(index + 1)..];
                }

                return null;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.EndsWith("...", StringComparison.Ordinal):
                return actual is JsonValue other && other.TryGetValue<string>(out var actualText) && actualText.StartsWith(text[..^3], StringComparison.Ordinal)
                    ? null
                    : $"{path}: {text} against {actual?.ToJsonString()}";
            default:
                return JsonNode.DeepEquals(shown, actual) ? null : $"{path}: {shown?.ToJsonString()} against {actual?.ToJsonString()}";
        }
    }

    [GeneratedRegex(@"```(?<language>\w+)\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"'(?<quoted>[^']*)'|[^\s]+")]
    private static partial Regex ShellWord();
}
