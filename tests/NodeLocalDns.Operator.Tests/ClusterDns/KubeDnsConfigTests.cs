using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests.ClusterDns;

public sealed class KubeDnsConfigTests
{
    private static ClusterDnsConfig Read(string? stubDomains = null, string? upstreams = null, string? corefile = null)
    {
        var data = new List<(string, string)>();
        if (stubDomains is not null)
        {
            data.Add(("stubDomains", stubDomains));
        }

        if (upstreams is not null)
        {
            data.Add(("upstreamNameservers", upstreams));
        }

        return ClusterDnsReader.Read(new ClusterDnsInputs
        {
            KubeDns = Corefiles.ConfigMap("kube-dns", [.. data]),
            CoreDns = corefile is null ? null : Corefiles.ConfigMap("coredns", ("Corefile", corefile)),
        });
    }

    [Test]
    public void Read_StubDomainsAndUpstreams_AreUsed()
    {
        var config = Read("""{"acme.local": ["1.2.3.4"], "consul.local": ["10.150.0.1:8600"]}""", """["8.8.8.8", "8.8.4.4"]""");
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains.Select(s => (s.Zone, string.Join(' ', s.Servers), s.Source)), Is.EqualTo(new[]
            {
                ("acme.local", "1.2.3.4", "kube-dns:stubDomains"),
                ("consul.local", "10.150.0.1:8600", "kube-dns:stubDomains"),
            }));
            Assert.That(config.RootUpstreams, Is.EqualTo(new[] { "8.8.8.8", "8.8.4.4" }));
        });
    }

    [TestCase("""{"acme.local": ["1.2.3.4"],}""", "kube-dns:stubDomains:1:")]
    [TestCase("""["acme.local"]""", "kube-dns:stubDomains:1:")]
    public void Read_StubDomainsNotJson_FailsWithLocation(string json, string prefix)
    {
        var error = Assert.Throws<CorefileException>(() => Read(json));
        Assert.That(error!.Message, Does.StartWith(prefix).And.Contain("JSON"));
    }

    [Test]
    public void Read_UpstreamsNotAList_FailsWithLocation()
    {
        var error = Assert.Throws<CorefileException>(() => Read(upstreams: "8.8.8.8"));
        Assert.That(error!.Message, Does.StartWith("kube-dns:upstreamNameservers:1:"));
    }

    [Test]
    public void Read_InvalidEntries_AreWarnedAndLeftOut()
    {
        var config = Read("""{"Bad_Domain": ["1.2.3.4"], "ok.local": ["dns.google", "1.1.1.1"], "none.local": ["x"]}""",
            """["1.1.1.1","2.2.2.2","3.3.3.3","4.4.4.4"]""");
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains.Select(s => s.Zone), Is.EqualTo(new[] { "ok.local" }));
            Assert.That(config.StubDomains[0].Servers, Is.EqualTo(new[] { "1.1.1.1" }));
            Assert.That(config.Diagnostics.Select(d => d.Code), Is.SupersetOf(
                new[] { DiagnosticCodes.InvalidKubeDnsConfig, DiagnosticCodes.UnusableUpstream, DiagnosticCodes.NoUsableUpstream }));
            Assert.That(config.Diagnostics.Any(d => d.Message.Contains("at most 3", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public void Read_BothConfigs_CoreDnsWinsConflictsAndTheRestIsMerged()
    {
        var config = Read(
            """{"acme.local": ["1.2.3.4"], "some.corp": ["9.9.9.9"]}""",
            """["8.8.8.8"]""",
            Corefiles.Kubeadm() + Corefiles.SomeCorp);
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains.Select(s => $"{s.Zone}={s.Servers[0]}"), Is.EqualTo(new[] { "acme.local=1.2.3.4", "some.corp=10.1.2.3" }));
            Assert.That(config.RootUpstreams, Is.EqualTo(new[] { "/etc/resolv.conf" }));
            Assert.That(config.Diagnostics.Count(d => d.Code == DiagnosticCodes.ConflictingConfig), Is.EqualTo(2));
        });
    }
}
