using NodeLocalDns.Operator.Rendering;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Cli;

/// <summary>
/// For every real-world CoreDNS and kube-dns config collected in <c>tests/testdata</c>: the extracted JSON
/// and the rendered node-cache Corefile are compared with golden files (<c>UPDATE_GOLDEN=1</c> rewrites
/// them), and every rendered Corefile must pass the daemon's config loader.
/// </summary>
public sealed class RealWorldGoldenTests
{
    private const string GoldenDirectory = "tests/NodeLocalDns.Operator.Tests/Cli/golden";

    private static IEnumerable<TestCaseData> Inputs() =>
        TestData.SharedFiles("clusters", "*.yaml").Concat(TestData.SharedFiles("corefiles", "*.Corefile"))
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Name(path)));

    private static string Name(string path) => $"{Path.GetFileName(Path.GetDirectoryName(path))}-{Path.GetFileNameWithoutExtension(path)}";

    private static IEnumerable<TestCaseData> BrokenInputs() =>
        TestData.SharedFiles("broken", "*.Corefile").Select(path => new TestCaseData(path).SetArgDisplayNames(Name(path)));

    [TestCaseSource(nameof(BrokenInputs))]
    public void StubDomains_BrokenCorefile_ExitsTwoWithItsLocatedError(string path)
    {
        var (exit, output, error) = CliRun.InProcess(string.Empty, "stubdomains", "-f", path);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Match(@"^Corefile:\d+:\d+: "));
        });
    }

    [Test]
    public void Corpus_HasKubeDnsAndCoreDnsClusterConfigs()
    {
        var names = TestData.SharedFiles("clusters", "*.yaml").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.That(names.Count(n => n!.Contains("kube-dns", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(3));
        Assert.That(names, Has.Count.GreaterThanOrEqualTo(20));
    }

    [TestCaseSource(nameof(Inputs))]
    public void StubDomains_RealWorldInput_MatchesGolden(string path)
    {
        var (exit, output, error) = CliRun.InProcess(string.Empty, "stubdomains", "-f", path);
        var result = exit == 0 ? output : $"exit {exit}\n{error}";
        Golden.AssertMatches($"{GoldenDirectory}/{Name(path)}.json", result.Replace(path, Path.GetFileName(path), StringComparison.Ordinal));
    }

    [TestCaseSource(nameof(Inputs))]
    public void Render_RealWorldInput_MatchesGoldenAndLoadsInTheDaemon(string path)
    {
        var (exit, output, error) = CliRun.InProcess(string.Empty, "render", "-f", path, "--upstream-ip", "10.96.0.11");
        var result = exit == 0 ? output : $"exit {exit}\n{error}";
        Golden.AssertMatches($"{GoldenDirectory}/{Name(path)}.Corefile", result.Replace(path, Path.GetFileName(path), StringComparison.Ordinal));
        if (exit == 0)
        {
            Assert.That(() => RenderedCorefileValidator.Validate(output), Throws.Nothing);
        }
    }
}
