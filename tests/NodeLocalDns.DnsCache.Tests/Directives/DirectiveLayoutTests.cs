using System.Text.RegularExpressions;
using NodeLocalDns.Corefile.Directives;
using NodeLocalDns.Testing;

namespace NodeLocalDns.DnsCache.Tests.Directives;

/// <summary>
/// One home per directive: every row of the directive table has a folder in the library (its setup and
/// options) and one in the daemon (its handler, state and metrics), its setup tests beside the library's,
/// and a README section in table order; no product code named after a directive lives anywhere else.
/// </summary>
public sealed partial class DirectiveLayoutTests
{
    // Named after a directive but deliberately elsewhere, each for a reason.
    private static readonly Dictionary<string, string> Elsewhere = new(StringComparer.Ordinal)
    {
        ["dnscache/NodeLocalDns.Corefile/Configuration/ForwardPolicy.cs"] = "shared with the operator, which reads and writes CoreDNS's forward policy",
        ["dnscache/NodeLocalDns.Corefile/Configuration/ForwardPolicyNames.cs"] = "the policy's name table, shared with the operator",
        ["dnscache/NodeLocalDns.DnsCache/Observability/LogMessages.cs"] = "every log line of the daemon with its event ID, not the log directive",
    };

    private static readonly string[] Projects = ["NodeLocalDns.Corefile", "NodeLocalDns.DnsCache"];

    private static IEnumerable<string> Names => DirectiveTable.Names;

    private static string Readme => File.ReadAllText(TestData.Repo("dnscache", "README.md"));

    private static string Folder(string directive) => char.ToUpperInvariant(directive[0]) + directive[1..];

    [TestCaseSource(nameof(Names))]
    public void Library_HasTheDirectivesFolderWithItsSetup(string directive) =>
        Assert.That(TestData.Repo("dnscache", "NodeLocalDns.Corefile", "Directives", Folder(directive), Folder(directive) + "Setup.cs"), Does.Exist);

    [TestCaseSource(nameof(Names))]
    public void Daemon_HasTheDirectivesFolderWithCode(string directive)
    {
        var folder = TestData.Repo("dnscache", "NodeLocalDns.DnsCache", "Directives", Folder(directive));
        Assert.That(Directory.Exists(folder) ? Directory.GetFiles(folder, "*.cs") : [], Is.Not.Empty, folder);
    }

    [TestCaseSource(nameof(Names))]
    public void SetupTests_AreBesideTheLibraryLayout(string directive) =>
        Assert.That(TestData.Repo("tests", "NodeLocalDns.Corefile.Tests", "Directives", Folder(directive), Folder(directive) + "SetupTests.cs"), Does.Exist);

    [TestCase("NodeLocalDns.Corefile")]
    [TestCase("NodeLocalDns.DnsCache")]
    public void DirectiveFolders_AreTheTablesRows(string project)
    {
        var folders = Directory.GetDirectories(TestData.Repo("dnscache", project, "Directives")).Select(Path.GetFileName);
        Assert.That(folders, Is.EquivalentTo(Names.Select(Folder)));
    }

    [Test]
    public void CodeNamedAfterADirective_LivesInItsFolders()
    {
        var misplaced = new List<string>();
        foreach (var project in Projects)
        {
            var root = TestData.Repo("dnscache", project);
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(TestData.RepositoryRoot, file).Replace('\\', '/');
                var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
                if (parts[0] is "bin" or "obj" || Elsewhere.ContainsKey(relative))
                {
                    continue;
                }

                var home = parts is ["Directives", var folder, ..] ? folder : null;
                foreach (var directive in Names.Select(Folder))
                {
                    if (Regex.IsMatch(Path.GetFileName(file), $"^{directive}([A-Z.])", RegexOptions.CultureInvariant) && home != directive)
                    {
                        misplaced.Add(relative);
                    }
                }
            }
        }

        Assert.That(misplaced, Is.Empty, "move these into Directives/<Name>/ of their project");
    }

    [Test]
    public void Readme_HasASectionPerDirectiveInTableOrder()
    {
        var directives = Readme[Readme.IndexOf("\n## Directives\n", StringComparison.Ordinal)..];
        directives = directives[..directives.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        Assert.That(SectionHeading().Matches(directives).Select(m => m.Groups[1].Value), Is.EqualTo(Names));
    }

    [Test]
    public void Readme_RequestPath_IsTheTables()
    {
        var paths = RequestPathLine().Matches(Readme).Select(m => m.Groups[1].Value.Split(" → ")).ToList();
        Assert.That(paths, Has.Count.EqualTo(1), "the request path is written once");
        Assert.That(paths[0], Is.EqualTo(DirectiveTable.RequestPath));
    }

    [TestCaseSource(nameof(Names))]
    public void Readme_CodeMap_ListsTheDirectivesFiles(string directive)
    {
        var row = CodeMapRow().Matches(Readme).SingleOrDefault(m => m.Groups["name"].Value == directive);
        Assert.That(row, Is.Not.Null, $"dnscache/README.md has no code-map row | `{directive}` | `Directives/{Folder(directive)}/` | ... |");
        Assert.Multiple(() =>
        {
            Assert.That(Types(row!.Groups["library"].Value), Is.EquivalentTo(Files("NodeLocalDns.Corefile", directive)), "library column");
            Assert.That(Types(row.Groups["daemon"].Value), Is.EquivalentTo(Files("NodeLocalDns.DnsCache", directive)), "daemon column");
        });
    }

    private static IEnumerable<string> Types(string column) => column.Split(',').Select(t => t.Trim().Trim('`'));

    private static IEnumerable<string> Files(string project, string directive)
    {
        var folder = TestData.Repo("dnscache", project, "Directives", Folder(directive));
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.cs").Select(Path.GetFileNameWithoutExtension).OfType<string>() : [];
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z]+)` \| `Directives/[A-Za-z]+/` \| (?<library>[^|]+) \| (?<daemon>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex CodeMapRow();

    [GeneratedRegex(@"^### ([a-z]+)$", RegexOptions.Multiline)]
    private static partial Regex SectionHeading();

    // A line that is nothing but directive names joined by arrows.
    [GeneratedRegex(@"^\s*((?:[a-z]+ → )+[a-z]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RequestPathLine();
}
