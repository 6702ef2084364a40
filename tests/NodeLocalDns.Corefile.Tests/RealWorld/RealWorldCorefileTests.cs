using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Writing;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Corefile.Tests.RealWorld;

/// <summary>
/// Golden and round-trip tests over the Corefiles collected from public sources
/// (<c>tests/testdata/corefiles</c>, provenance in <c>tests/testdata/SOURCES.md</c>).
/// </summary>
public sealed class RealWorldCorefileTests
{
    private static IEnumerable<TestCaseData> Corefiles() =>
        TestData.SharedFiles("corefiles", "*.Corefile").Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileNameWithoutExtension(path)));

    // The files import ConfigMap-mounted or generated files that are not part of a bare Corefile: globs
    // match nothing (a warning, as in CoreDNS) and named files read as empty.
    private static ParseOptions Options(string path, bool keepComments = false) => new()
    {
        FileName = Path.GetFileName(path),
        Files = new EmptyNamedFiles(),
        KeepComments = keepComments,
    };

    private sealed class EmptyNamedFiles : ICorefileSource
    {
        public IReadOnlyList<CorefileSourceFile> Find(string absolutePattern) =>
            PathPattern.HasWildcard(absolutePattern) ? [] : [new CorefileSourceFile(absolutePattern, absolutePattern, string.Empty)];
    }

    [Test]
    public void Corpus_HasTheDistributionsTheIssueNames()
    {
        var names = TestData.SharedFiles("corefiles", "*.Corefile").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.That(names, Is.SupersetOf(new[]
        {
            "kubeadm-default", "eks", "aks", "k3s", "rke2", "kops", "microk8s", "openshift-cluster-dns-operator",
            "kubernetes-nodelocaldns-addon", "kubespray-coredns", "kubespray-nodelocaldns", "kubernetes-website-consul-stub-domain",
        }));
        Assert.That(names.Count(n => n!.StartsWith("user-", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(8));
    }

    [TestCaseSource(nameof(Corefiles))]
    public void Parse_RealWorldCorefile_MatchesCanonicalGolden(string path)
    {
        var document = CorefileParser.Parse(File.ReadAllText(path), Options(path));
        Assert.That(document.ServerBlocks, Is.Not.Empty);
        Golden.AssertMatches(Path.Combine("tests", "NodeLocalDns.Corefile.Tests", "RealWorld", "golden", Path.GetFileName(path)),
            CorefileWriter.Write(document));
    }

    [TestCaseSource(nameof(Corefiles))]
    public void WriteThenParse_RealWorldCorefile_IsIdentity(string path)
    {
        var document = CorefileParser.Parse(File.ReadAllText(path), Options(path));
        var written = CorefileWriter.Write(document);
        Assert.Multiple(() =>
        {
            Assert.That(CorefileParser.Parse(written, Options(path)), Is.EqualTo(document));
            Assert.That(CorefileWriter.Write(CorefileParser.Parse(written, Options(path))), Is.EqualTo(written), "writing is idempotent");
        });
    }

    [TestCaseSource(nameof(Corefiles))]
    public void WriteThenParse_WithComments_KeepsEveryComment(string path)
    {
        var text = File.ReadAllText(path);
        var document = CorefileParser.Parse(text, Options(path, keepComments: true));
        var written = CorefileWriter.Write(document);
        Assert.Multiple(() =>
        {
            Assert.That(CorefileParser.Parse(written, Options(path, keepComments: true)), Is.EqualTo(document));
            Assert.That(CountComments(written), Is.EqualTo(CountComments(text)), written);
            Assert.That(document.WithoutComments(), Is.EqualTo(CorefileParser.Parse(text, Options(path))));
        });
    }

    private static int CountComments(string text) =>
        Lexer.Tokenize(text, "f", keepComments: true).Count(t => t.Kind == TokenKind.Comment);
}
