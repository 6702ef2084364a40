using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests.ClusterDns;

public sealed class ClusterDnsReaderTests
{
    private static string Stubs(ClusterDnsConfig config) =>
        string.Join(" | ", config.StubDomains.Select(s => $"{s.Zone} -> {string.Join(' ', s.Servers)}"));

    private static string Routes(ClusterDnsConfig config) => string.Join(" ", config.ClusterDnsRoutes.Select(r => r.Zone));

    private static IEnumerable<string> Codes(ClusterDnsConfig config) => config.Diagnostics.Select(d => d.Code);

    [Test]
    public void Read_SeedScenario_FindsTheStubDomainWithItsSource()
    {
        var text = Corefiles.Kubeadm() + Corefiles.SomeCorp;
        var config = Corefiles.Read(text);
        Assert.Multiple(() =>
        {
            Assert.That(config.ClusterDomains, Is.EqualTo(new[] { "cluster.local" }));
            Assert.That(config.ReverseZones, Is.EqualTo(new[] { "in-addr.arpa", "ip6.arpa" }));
            Assert.That(config.RootUpstreams, Is.EqualTo(new[] { "/etc/resolv.conf" }));
            Assert.That(config.StubDomains, Is.EqualTo(new[] { new StubDomain("some.corp", ["10.1.2.3", "10.4.5.6"], ForwardOptions.Default, $"Corefile:{Corefiles.LineOf(text, "some.corp")}") }));
            Assert.That(config.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info), Is.Empty);
        });
    }

    [Test]
    public void Read_SeveralZonesOnOneBlock_GivesOneStubPerZone()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + "a.corp b.corp:53 c.corp {\n forward . 10.0.0.1\n}");
        Assert.That(Stubs(config), Is.EqualTo("a.corp -> 10.0.0.1 | b.corp -> 10.0.0.1 | c.corp -> 10.0.0.1"));
    }

    [Test]
    public void Read_SubZoneOfClusterDomain_IsItsOwnStubDomain()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + "my.cluster.local:53 {\n forward . 10.0.0.9\n}");
        Assert.Multiple(() =>
        {
            Assert.That(Stubs(config), Is.EqualTo("my.cluster.local -> 10.0.0.9"));
            Assert.That(config.ClusterDomains, Is.EqualTo(new[] { "cluster.local" }));
        });
    }

    [Test]
    public void Read_DuplicateZone_KeepsTheFirstAndSaysSo()
    {
        var text = Corefiles.Kubeadm() + Corefiles.SomeCorp + "SOME.corp.:53 {\n forward . 10.9.9.9\n}";
        var config = Corefiles.Read(text);
        Assert.Multiple(() =>
        {
            Assert.That(Stubs(config), Is.EqualTo("some.corp -> 10.1.2.3 10.4.5.6"));
            Assert.That(config.Diagnostics.Single(d => d.Code == DiagnosticCodes.DuplicateZone).Source, Is.EqualTo($"Corefile:{Corefiles.LineOf(text, "SOME.corp")}:1"));
            Assert.That(config.Diagnostics.Single(d => d.Code == DiagnosticCodes.DuplicateZone).Severity, Is.EqualTo(DiagnosticSeverity.Error), "CoreDNS refuses two blocks for one zone and port");
        });
    }

    [Test]
    public void Read_TrailingDotsCaseAndRaggedWhitespace_AreNormalized()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + "\n\n   Some.CORP.:53    {   # stub\n\tforward   .    10.1.2.3   # dc1\n      }\n");
        Assert.That(Stubs(config), Is.EqualTo("some.corp -> 10.1.2.3"));
    }

    [Test]
    public void Read_ForwardZoneInRootBlock_IsAStubDomainInMeaning()
    {
        // Several forwards in one block run in Corefile order (CoreDNS 1.9.4+): this one comes before 'forward .', so it gets its names.
        var config = Corefiles.Read(".:53 {\n    kubernetes cluster.local\n    forward consul.local 10.150.0.1 {\n        force_tcp\n    }\n    forward . /etc/resolv.conf\n}\n");
        Assert.Multiple(() =>
        {
            Assert.That(Stubs(config), Is.EqualTo("consul.local -> 10.150.0.1"));
            Assert.That(config.StubDomains[0].Options.ForceTcp, Is.True);
            Assert.That(Codes(config), Does.Contain(DiagnosticCodes.ForwardInRootBlock));
            Assert.That(Codes(config), Does.Not.Contain(DiagnosticCodes.UnreachedForward));
            Assert.That(config.RootUpstreams, Is.EqualTo(new[] { "/etc/resolv.conf" }));
        });
    }

    [Test]
    public void Read_ForwardZoneAfterForwardDotInRootBlock_IsNotMirrored()
    {
        // 'forward .' comes first and has neither except nor next, so CoreDNS never hands consul.local to the later forward:
        // mirroring it as a stub domain would send the node cache where CoreDNS never sends.
        var text = Corefiles.Kubeadm("    forward consul.local 10.150.0.1 {\n        force_tcp\n    }");
        var config = Corefiles.Read(text);
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains, Is.Empty);
            Assert.That(config.RootUpstreams, Is.EqualTo(new[] { "/etc/resolv.conf" }));
            Assert.That(config.Diagnostics.Single(d => d.Code == DiagnosticCodes.UnreachedForward).Source, Is.EqualTo($"Corefile:{Corefiles.LineOf(text, "    forward consul.local")}"));
        });
    }

    [Test]
    public void Read_LegacyProxy_IsReadAsForwardWithANote()
    {
        var config = Corefiles.Read(".:53 {\n kubernetes cluster.local\n proxy . 8.8.8.8\n}\nacme.local:53 {\n proxy . 1.2.3.4:5353\n}");
        Assert.Multiple(() =>
        {
            Assert.That(Stubs(config), Is.EqualTo("acme.local -> 1.2.3.4:5353"));
            Assert.That(config.RootUpstreams, Is.EqualTo(new[] { "8.8.8.8" }));
            Assert.That(Codes(config).Count(c => c == DiagnosticCodes.LegacyProxy), Is.EqualTo(2));
        });
    }

    [TestCase("other.corp:5353 {\n forward . 10.0.0.1\n}", TestName = "Read_BlockOnAnotherPort_IsSkippedWithWarning")]
    [TestCase("tls://secure.corp {\n forward . 10.0.0.1\n}", TestName = "Read_TlsListener_IsSkippedWithWarning")]
    [TestCase("https://doh.corp {\n forward . 10.0.0.1\n}", TestName = "Read_HttpsListener_IsSkippedWithWarning")]
    public void Read_UnreachableBlock_IsSkippedWithWarning(string block)
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + block);
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains, Is.Empty);
            Assert.That(config.Diagnostics.Single(d => d.Code == DiagnosticCodes.UnreachableBlock).Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        });
    }

    [Test]
    public void Read_RootOnAnotherPort_MakesThatPortTheReachableOne()
    {
        var config = Corefiles.Read(".:1053 {\n kubernetes cluster.local\n forward . 8.8.8.8\n}\na.corp:1053 {\n forward . 10.0.0.1\n}\nb.corp {\n forward . 10.0.0.2\n}");
        Assert.That(Stubs(config), Is.EqualTo("a.corp -> 10.0.0.1"));
    }

    // Upstreams CoreDNS loads but a node cache cannot use; those CoreDNS refuses are in CoreDnsValidationTests.
    [TestCase("dns.google", "host name")]
    [TestCase("https://1.1.1.1", "https://")]
    [TestCase("10.0.0.1:99999", "not an IP")]
    [TestCase("127.0.0.1:5353", "loopback")]
    [TestCase("[::1]:53", "loopback")]
    public void Read_UnusableUpstream_IsADiagnosticAndTheZoneGoesToClusterDns(string upstream, string words)
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + $"odd.corp {{\n forward . {upstream}\n}}");
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains, Is.Empty);
            Assert.That(config.Diagnostics.Single(d => d.Code == DiagnosticCodes.UnusableUpstream).Message, Does.Contain(words));
            Assert.That(Codes(config), Does.Contain(DiagnosticCodes.NoUsableUpstream));
            Assert.That(Routes(config), Is.EqualTo("odd.corp"));
        });
    }

    [Test]
    public void Read_MixOfUsableAndUnusableUpstreams_KeepsTheUsableOnes()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + "mix.corp {\n forward . <IP> 10.0.0.1 dns://10.0.0.2:5353 tls://10.0.0.3\n}");
        Assert.That(Stubs(config), Is.EqualTo("mix.corp -> 10.0.0.1 10.0.0.2:5353 tls://10.0.0.3"));
    }

    [TestCase("[2001:db8::1]:53", "[2001:db8::1]:53")]
    [TestCase("2001:db8::1", "2001:db8::1")]
    [TestCase("tls://[2001:db8::1]:853", "tls://[2001:db8::1]:853")]
    public void Read_Ipv6Upstream_IsNormalized(string upstream, string expected)
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + $"v6.corp {{\n forward . {upstream}\n}}");
        Assert.That(config.StubDomains.Single().Servers, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void Read_ForwardOptions_AreCarried()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + "opts.corp {\n forward . 10.0.0.1 10.0.0.2 {\n  policy sequential\n  prefer_udp\n  except skip.opts.corp\n  tls_servername dns.opts.corp\n  max_fails 3\n }\n}");
        var options = config.StubDomains.Single().Options;
        Assert.Multiple(() =>
        {
            Assert.That(options.Policy, Is.EqualTo(ForwardPolicy.Sequential));
            Assert.That(options.PreferUdp, Is.True);
            Assert.That(options.Except, Is.EqualTo(new[] { "skip.opts.corp." }));
            Assert.That(options.TlsServerName, Is.EqualTo("dns.opts.corp"));
            Assert.That(config.Diagnostics.Any(d => d.Code == DiagnosticCodes.OptionDropped && d.Message.Contains("max_fails", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public void Read_HostsInRootBlock_RoutesItsNamesToClusterDns()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm("    hosts {\n        10.0.0.5 registry.lab gitlab.lab\n        fallthrough\n    }"));
        Assert.That(Routes(config), Is.EqualTo("gitlab.lab registry.lab"));
    }

    [Test]
    public void Read_HostsFileFromConfigMapKey_RoutesItsNames()
    {
        // k3s keeps node names in the NodeHosts key of the coredns ConfigMap, mounted at /etc/coredns/NodeHosts.
        var inputs = Corefiles.Inputs(Corefiles.Kubeadm("    hosts /etc/coredns/NodeHosts {\n        ttl 60\n        reload 15s\n        fallthrough\n    }"));
        inputs = inputs with { CoreDns = inputs.CoreDns! with { Data = new Dictionary<string, string>(inputs.CoreDns.Data) { ["NodeHosts"] = "172.18.0.2 agent-0\n172.18.0.3 server-0 # control plane\n" } } };
        Assert.That(Routes(ClusterDnsReader.Read(inputs)), Is.EqualTo("agent-0 server-0"));
    }

    [Test]
    public void Read_HostsFileNotInInputs_Warns()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm("    hosts /etc/coredns/customhosts"));
        Assert.That(config.Diagnostics.Single(d => d.Code == DiagnosticCodes.NeedsClusterDnsUpstream).Message, Does.Contain("/etc/coredns/customhosts"));
    }

    [Test]
    public void Read_ExactRewriteInRoot_RoutesTheName_RegexRewriteWarns()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm("    rewrite name api.example.com api.default.svc.cluster.local\n    rewrite name regex (.*)\\.corp\\.example\\.com {1}.svc.cluster.local"));
        Assert.Multiple(() =>
        {
            Assert.That(Routes(config), Is.EqualTo("api.example.com"));
            Assert.That(Codes(config), Does.Contain(DiagnosticCodes.NeedsClusterDnsUpstream));
        });
    }

    [Test]
    public void Read_TemplateWithZonesInRoot_RoutesThem()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm("    template IN A wildcard.lab {\n        answer \"{{ .Name }} 60 IN A 10.0.0.7\"\n    }"));
        Assert.That(Routes(config), Is.EqualTo("wildcard.lab"));
    }

    [TestCase("internal.lab {\n file /etc/coredns/db.internal.lab\n}", "file")]
    [TestCase("hosts.lab {\n hosts {\n  10.0.0.1 a.hosts.lab\n }\n forward . 8.8.8.8\n}", "hosts")]
    [TestCase("rw.lab {\n rewrite name a.rw.lab b.rw.lab\n forward . 10.0.0.1\n}", "rewrite")]
    [TestCase("empty.lab {\n errors\n}", "no forward")]
    public void Read_BlockThatAnswersItself_IsRoutedToClusterDns(string block, string words)
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + block);
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains, Is.Empty);
            Assert.That(config.ClusterDnsRoutes.Single().Reason, Does.Contain(words));
        });
    }

    [Test]
    public void Read_CustomConfigMap_OnlyImportedKeysAreRead()
    {
        var config = Corefiles.Read(
            Corefiles.Kubeadm("    import custom/*.override") + "import custom/*.server\n",
            ("lab.server", "lab.corp:53 {\n    forward . 10.5.5.5\n}"),
            ("broken.txt", "this { is not { a corefile"),
            ("log.override", "log"));
        Assert.Multiple(() =>
        {
            Assert.That(Stubs(config), Is.EqualTo("lab.corp -> 10.5.5.5"));
            Assert.That(config.StubDomains[0].Source, Is.EqualTo("coredns-custom/lab.server:1"));
        });
    }

    [Test]
    public void Read_BrokenCorefile_FailsWithLocation()
    {
        var text = Corefiles.Kubeadm() + "some.corp:53 {\n forward . 10.1.2.3\n";
        var error = Assert.Throws<CorefileException>(() => Corefiles.Read(text));
        Assert.That(error!.Message, Does.StartWith($"Corefile:{Corefiles.LineOf(text, "some.corp")}:14: ").And.Contain("never closed"));
    }

    [Test]
    public void Read_BrokenImportedFile_FailsWithItsLocation()
    {
        var error = Assert.Throws<CorefileException>(() => Corefiles.Read("import custom/*.server", ("bad.server", "bad.corp {\n forward . 10.0.0.1 {\n}")));
        Assert.That(error!.Message, Does.StartWith("coredns-custom/bad.server:1:10: "));
    }

    [Test]
    public void Read_KubernetesPluginWithoutZones_UsesTheBlockZones()
    {
        var config = Corefiles.Read("cluster.example:53 {\n kubernetes\n}\n.:53 {\n forward . 8.8.8.8\n}");
        Assert.That(config.ClusterDomains, Is.EqualTo(new[] { "cluster.example" }));
    }

    [Test]
    public void Read_NoKubernetesPlugin_AssumesClusterLocalAndSaysSo()
    {
        var config = Corefiles.Read(".:53 {\n forward . 8.8.8.8\n}");
        Assert.Multiple(() =>
        {
            Assert.That(config.ClusterDomains, Is.EqualTo(new[] { "cluster.local" }));
            Assert.That(Codes(config), Does.Contain(DiagnosticCodes.ClusterDomainAssumed));
        });
    }

    [Test]
    public void Read_ClusterDomainGiven_OverridesDetection()
    {
        var config = ClusterDnsReader.Read(Corefiles.Inputs(Corefiles.Kubeadm()) with { ClusterDomain = "Corp.Cluster." });
        Assert.That(config.ClusterDomains, Is.EqualTo(new[] { "corp.cluster" }));
    }

    [Test]
    public void Read_CidrReverseZoneInKubernetesPlugin_IsAReverseZone()
    {
        var config = Corefiles.Read(".:53 {\n kubernetes cluster.local 10.0.0.0/8 fd00::/8\n forward . 8.8.8.8\n}");
        Assert.That(config.ReverseZones, Is.EqualTo(new[] { "10.in-addr.arpa", "d.f.ip6.arpa" }));
    }

    [Test]
    public void Read_Autopath_WarnsThatItCannotWorkBehindACache()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm("    autopath @kubernetes"));
        Assert.That(config.Diagnostics.Single(d => d.Code == DiagnosticCodes.NeedsClusterDnsUpstream).Message, Does.Contain("autopath"));
    }

    [Test]
    public void Read_SameInputTwice_GivesEqualSortedResults()
    {
        var text = Corefiles.Kubeadm() + "z.corp {\n forward . 10.0.0.3\n}\nb.corp {\n forward . 10.0.0.2\n}\na.corp {\n forward . 10.0.0.1\n}";
        var first = Corefiles.Read(text);
        Assert.Multiple(() =>
        {
            Assert.That(Corefiles.Read(text), Is.EqualTo(first));
            Assert.That(first.StubDomains.Select(s => s.Zone), Is.EqualTo(new[] { "a.corp", "b.corp", "z.corp" }));
        });
    }

    [TestCase("a.corp {\n forward other.corp 10.0.0.1\n}", "can never match")]
    public void Read_ForwardThatCanNeverMatch_IsAnInvalidZoneDiagnostic(string corefile, string words)
    {
        var config = Corefiles.Read(corefile);
        Assert.Multiple(() =>
        {
            Assert.That(config.StubDomains, Is.Empty);
            Assert.That(config.Diagnostics.Single(d => d.Code == DiagnosticCodes.InvalidZone).Message, Does.Contain(words));
        });
    }
}
