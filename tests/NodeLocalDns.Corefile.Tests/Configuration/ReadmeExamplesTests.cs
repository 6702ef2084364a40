using System.Text.RegularExpressions;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Directives;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Corefile.Tests.Configuration;

/// <summary>Every <c>corefile</c> block of dnscache/README.md loads (CoreDNS's test/readme_test.go), and every directive is documented.</summary>
public sealed partial class ReadmeExamplesTests
{
    private static string Readme => File.ReadAllText(TestData.Repo("dnscache", "README.md"));

    private static IEnumerable<TestCaseData> Examples() =>
        CorefileBlock().Matches(Readme).Select((m, i) => new TestCaseData(m.Groups[1].Value).SetName($"Load_ReadmeExample{i + 1:D2}_Loads"));

    [TestCaseSource(nameof(Examples))]
    public void Load_ReadmeExample_Loads(string corefile) =>
        Assert.DoesNotThrow(() => DnsCacheConfigLoader.Load(corefile));

    [Test]
    public void Readme_HasExamples() => Assert.That(Examples().Count(), Is.GreaterThanOrEqualTo(12));

    [Test]
    public void Readme_DocumentsEverySupportedDirective()
    {
        var readme = Readme;
        Assert.Multiple(() =>
        {
            foreach (var directive in DirectiveTable.Names)
            {
                Assert.That(readme, Does.Contain($"\n### {directive}\n"), directive);
            }

            foreach (var section in new[] { "## Name", "## Description", "## Directives", "## Metrics" })
            {
                Assert.That(readme, Does.Contain(section));
            }
        });
    }

    [GeneratedRegex("```corefile\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CorefileBlock();
}
