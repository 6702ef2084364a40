using System.Reflection;
using System.Text.RegularExpressions;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The documentation keeps up with the code: every condition reason and type has its entry with what to do, the
/// README's layout table names every top-level folder, every relative link of the README and docs/ reaches a file,
/// and the changelog's release is the version the binaries and the chart carry.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string Conditions = File.ReadAllText(TestData.Repo("docs", "conditions.md"));

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    private static IEnumerable<string> Reasons() => Constants(typeof(ConditionReasons));

    private static IEnumerable<string> Types() => Constants(typeof(ConditionTypes));

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(TestData.Repo("docs"), "*.md", SearchOption.AllDirectories)
            .Append(TestData.Repo("README.md"))
            .Append(TestData.Repo("CHANGELOG.md"))
            .Append(TestData.Repo("charts", "nodelocal-operator", "README.md"))
            .Select(path => Path.GetRelativePath(TestData.RepositoryRoot, path))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(Reasons))]
    public void ConditionReason_InTheCode_IsDocumentedWithWhatToDo(string reason)
    {
        var row = Conditions.Split('\n').SingleOrDefault(line => line.StartsWith($"| `{reason}` |", StringComparison.Ordinal));
        Assert.That(row, Is.Not.Null, $"docs/conditions.md has no row for {reason}");
        var cells = row!.Split(" | ");
        Assert.Multiple(() =>
        {
            Assert.That(cells, Has.Length.EqualTo(4), "reason, on, what it means, what to do");
            Assert.That(cells[^1].TrimEnd('|', ' '), Is.Not.Empty, "what to do");
        });
    }

    [Test]
    public void ConditionReasons_Documented_AllExistInTheCode()
    {
        var section = Conditions[Conditions.IndexOf("## Every reason", StringComparison.Ordinal)..];
        var documented = ReasonRow().Matches(section).Select(m => m.Groups["reason"].Value);
        Assert.That(documented, Is.EquivalentTo(Reasons()), "a row for a reason the operator never reports is misleading");
    }

    [TestCaseSource(nameof(Types))]
    public void ConditionType_InTheCode_IsDocumented(string type) =>
        Assert.That(Conditions, Does.Contain($"| `{type}` | "));

    [Test]
    public void ReadmeLayout_Table_NamesEveryTopLevelFolder()
    {
        var readme = File.ReadAllText(TestData.Repo("README.md"));
        var layout = readme[readme.IndexOf("## Layout", StringComparison.Ordinal)..];
        var firstCells = layout.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)).Select(line => line.Split(" | ")[0]);
        var named = firstCells.SelectMany(cell => LayoutFolder().Matches(cell).Select(m => m.Groups["folder"].Value)).ToHashSet(StringComparer.Ordinal);
        var ignored = File.ReadAllLines(TestData.Repo(".gitignore")).Select(line => line.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        var folders = Directory.EnumerateDirectories(TestData.RepositoryRoot)
            .Select(Path.GetFileName)
            .Where(name => !name!.StartsWith('.') && !ignored.Contains(name!));
        Assert.That(folders.Where(folder => !named.Contains(folder!)), Is.Empty, "folders the README's layout table does not name");
    }

    [TestCaseSource(nameof(MarkdownFiles))]
    public void RelativeLinks_InTheDocument_ReachAFile(string document)
    {
        var folder = Path.GetDirectoryName(TestData.Repo(document))!;
        // Code (fenced blocks and inline spans) holds regular expressions that look like links.
        var prose = InlineCode().Replace(FencedCode().Replace(File.ReadAllText(TestData.Repo(document)), string.Empty), string.Empty);
        var broken = MarkdownLink().Matches(prose)
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#'))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)));
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void Changelog_Release_IsTheVersionOfTheBinariesAndTheChart()
    {
        var changelog = File.ReadAllText(TestData.Repo("CHANGELOG.md"));
        var version = Regex.Match(File.ReadAllText(TestData.Repo("Directory.Build.props")), "<Version>(?<v>[^<]+)</Version>").Groups["v"].Value;
        var chart = HelmChart.Operator().Metadata;
        var releases = ReleaseHeading().Matches(changelog).Select(m => m.Groups["release"].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(changelog, Does.StartWith("# Changelog").And.Contain("[Keep a Changelog]"));
            Assert.That(releases, Is.EqualTo(new[] { "Unreleased", version }), "Unreleased on top, then the current version");
            Assert.That(chart["appVersion"], Is.EqualTo(version));
            Assert.That(changelog, Does.Contain($"[{version}]: "), "a link for the release heading");
        });
    }

    [GeneratedRegex(@"^\| `(?<reason>[A-Za-z]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReasonRow();

    [GeneratedRegex(@"`(?<folder>[^/`]+)/")]
    private static partial Regex LayoutFolder();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^## \[(?<release>[^\]]+)\]", RegexOptions.Multiline)]
    private static partial Regex ReleaseHeading();
}
