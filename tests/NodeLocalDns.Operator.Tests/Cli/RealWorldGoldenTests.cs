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

    /// <summary>
    /// Configs written for an older CoreDNS (the release of their time, from the issue's date or the version it names):
    /// that release loads them, the newest refuses them, and says which line and why. The goldens show the newest's verdict.
    /// </summary>
    [TestCase("corefiles/aks-2019-proxy.Corefile", "1.3.1", "Unknown directive 'proxy'")]
    [TestCase("corefiles/kubernetes-kubernetes-58828-kube-dns-translation-proxy.Corefile", "1.0.6", "Unknown directive 'federation'")]
    [TestCase("clusters/kubernetes-website-kube-dns-to-coredns-equivalent.yaml", "1.6.9", "Unknown directive 'federation'")]
    [TestCase("clusters/user-coredns-3276-kubectl-edit-hosts.yaml", "1.6.2", "plugin/kubernetes: unknown property 'upstream'")]
    [TestCase("corefiles/user-coredns-2639-proxy-upstream.Corefile", "1.3.1", "Unknown directive 'proxy'")]
    [TestCase("corefiles/user-coredns-502-proxy-except-inline-comment.Corefile", "1.0.6", "Unknown directive 'proxy'")]
    [TestCase("corefiles/user-coredns-2539-autopath-proxy-stub.Corefile", "1.4.0", "Unknown directive 'proxy'")]
    public void StubDomains_ConfigOfAnOlderRelease_LoadsThereAndTheNewestRefusesIt(string file, string version, string words)
    {
        var path = TestData.Shared(file.Split('/'));
        var (thenExit, _, thenError) = CliRun.InProcess(string.Empty, "stubdomains", "-f", path, "--coredns-version", version);
        var (nowExit, _, nowError) = CliRun.InProcess(string.Empty, "stubdomains", "-f", path);
        Assert.Multiple(() =>
        {
            Assert.That(thenExit, Is.EqualTo(0), thenError);
            Assert.That(nowExit, Is.EqualTo(2));
            Assert.That(nowError, Does.Match(@"^Corefile:\d+:\d+: CoreDNS 1\.14\.4 refuses").And.Contain(words));
        });
    }

    [TestCaseSource(nameof(Inputs))]
    public void StubDomains_RealWorldInput_MatchesGolden(string path)
    {
        var (exit, output, error) = CliRun.InProcess(string.Empty, "stubdomains", "-f", path);

        // CoreDNS refusing a config still leaves a complete reading on stdout; a syntax error leaves nothing.
        var result = exit == 0 ? output : $"exit {exit}\n{error}{output}";
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
