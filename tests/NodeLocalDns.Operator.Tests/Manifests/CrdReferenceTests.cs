using NodeLocalDns.Operator.Tests.Support.Docs;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>docs/crd-reference.md is what the committed CRD says, field for field (a golden file: UPDATE_GOLDEN=1 rewrites it).</summary>
public sealed class CrdReferenceTests
{
    private static readonly string Crd = File.ReadAllText(TestData.Repo("crds", "dns.nodelocal.io_nodelocaldnses.yaml"));

    [Test]
    public void Reference_Committed_IsCurrentWithTheCrd() =>
        Golden.AssertMatches(CrdReference.DocumentPath, CrdReference.Generate(Crd));

    [TestCase("spec.kubeProxyMode", "one of `iptables`, `ipvs`, `nftables`")]
    [TestCase("spec.localIPs", "1 to 2 items; no duplicates")]
    [TestCase("spec.cache.successTTL", "`30`")]
    [TestCase("spec.daemon.updateStrategy.maxSurge", "integer or string")]
    [TestCase("status.conditions[].reason", "string")]
    public void Reference_Field_ShowsWhatTheCrdDeclares(string path, string expected)
    {
        var row = CrdReference.Generate(Crd).Split('\n').First(line => line.StartsWith($"| `{path}` |", StringComparison.Ordinal));
        Assert.That(row, Does.Contain(expected));
    }

    [Test]
    public void Reference_ChangedCrd_Differs()
    {
        // The golden check can fail: a changed description or bound changes the document.
        var changed = Crd.Replace("maxItems: 2", "maxItems: 3", StringComparison.Ordinal);
        Assert.That(CrdReference.Generate(changed), Is.Not.EqualTo(CrdReference.Generate(Crd)));
    }
}
