using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>The committed CRD is what <c>make crds</c> generates, and the chart ships the same bytes.</summary>
public sealed class CrdFilesTests
{
    private static string RepositoryCrd => TestData.Repo("crds", CrdGenerator.FileName);

    private static string ChartCrd => TestData.Repo("charts", "nodelocal-operator", "crds", CrdGenerator.FileName);

    [Test]
    public void ChartCrd_ComparedWithRepositoryCrd_IsByteForByteEqual()
    {
        var repository = File.ReadAllBytes(RepositoryCrd);
        var chart = File.ReadAllBytes(ChartCrd);
        Assert.That(chart, Is.EqualTo(repository), $"copy the CRD: cp {CrdGenerator.FileName} into charts/nodelocal-operator/crds/ (crds/ -> chart)");
    }

    [Test]
    public void CommittedCrd_ComparedWithGeneratorOutput_IsUpToDate()
    {
        var committed = File.ReadAllText(RepositoryCrd);
        var generated = CrdGenerator.NodeLocalDnsYaml();
        if (committed != generated)
        {
            var lines = (Committed: committed.Split('\n'), Generated: generated.Split('\n'));
            var first = Enumerable.Range(0, Math.Min(lines.Committed.Length, lines.Generated.Length))
                .FirstOrDefault(i => lines.Committed[i] != lines.Generated[i], Math.Min(lines.Committed.Length, lines.Generated.Length));
            Assert.Fail($"crds/{CrdGenerator.FileName} is stale: run `make crds` (and copy it to the chart). First difference at line {first + 1}:\n" +
                $"  committed: {lines.Committed.ElementAtOrDefault(first)}\n  generated: {lines.Generated.ElementAtOrDefault(first)}");
        }
    }

    [Test]
    public void CrdFolder_KubectlApplyDashF_SeesOnlyTheCrd()
    {
        // `kubectl apply -f crds/` is not recursive, so the samples under crds/samples/ are not applied with it.
        Assert.That(Directory.EnumerateFiles(TestData.Repo("crds")).Select(Path.GetFileName), Is.EqualTo(new[] { CrdGenerator.FileName }));
    }
}
