using System.Text.Json;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Cli;

/// <summary>The command line as a user runs it: a real process, stdin, stdout, stderr and exit codes.</summary>
[Category(TestCategories.Processes)]
public sealed class CommandLineProcessTests
{
    private static readonly string Operator = Binaries.Operator;
    private static readonly string Example = TestData.Repo("operator", "examples", "coredns-configmap.yaml");

    private static Task<ProcessRunner.Result> Run(string? stdin, params string[] args) =>
        ProcessRunner.RunAsync(Operator, args, stdin, TimeSpan.FromSeconds(60));

    [Test]
    public async Task StubDomains_ExampleConfigMaps_PrintsExactlyTheDocumentedShape()
    {
        var result = await Run(null, "stubdomains", "-f", Example);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(p => p.Name),
                Is.EqualTo(new[] { "clusterDomains", "rootUpstreams", "stubDomains", "zones", "diagnostics" }));
            Assert.That(root.GetProperty("zones").EnumerateArray().Select(z => z.EnumerateObject().Select(p => p.Name)),
                Has.All.EqualTo(new[] { "zone", "route", "servers", "reason", "source" }));
            Assert.That(root.GetProperty("clusterDomains").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "cluster.local" }));
            Assert.That(root.GetProperty("rootUpstreams").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "/etc/resolv.conf" }));
            var stubs = root.GetProperty("stubDomains").EnumerateArray().ToList();
            Assert.That(stubs.Select(s => s.EnumerateObject().Select(p => p.Name)), Has.All.EqualTo(new[] { "zone", "servers", "source" }));
            Assert.That(stubs.Select(s => s.GetProperty("zone").GetString()), Is.EqualTo(new[] { "lab.example.internal", "some.corp" }));
            Assert.That(stubs[1].GetProperty("servers").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "10.1.2.3", "10.4.5.6" }));
            Assert.That(stubs[0].GetProperty("source").GetString(), Is.EqualTo("coredns-custom/lab.server:1"));
            Assert.That(root.GetProperty("diagnostics").EnumerateArray().Select(d => d.EnumerateObject().Select(p => p.Name)),
                Has.All.EqualTo(new[] { "severity", "code", "message", "source" }));
        });
    }

    [Test]
    public async Task StubDomains_RawCorefileOnStdin_IsRead()
    {
        var result = await Run(Corefiles.Kubeadm() + Corefiles.SomeCorp, "stubdomains", "-f", "-", "--cluster-domain", "Corp.Local.");
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0));
            Assert.That(json.RootElement.GetProperty("clusterDomains")[0].GetString(), Is.EqualTo("corp.local"));
            Assert.That(json.RootElement.GetProperty("stubDomains")[0].GetProperty("zone").GetString(), Is.EqualTo("some.corp"));
        });
    }

    [Test]
    public async Task StubDomains_TwoFiles_AreReadTogether()
    {
        var kubeDns = Path.Combine(Path.GetTempPath(), $"kube-dns-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(kubeDns,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-dns\n  namespace: kube-system\ndata:\n  stubDomains: |\n" +
            "    {\"acme.local\": [\"1.2.3.4\"]}\n");
        try
        {
            var result = await Run(null, "stubdomains", "-f", Example, "-f", kubeDns);
            using var json = JsonDocument.Parse(result.Stdout);
            Assert.That(json.RootElement.GetProperty("stubDomains").EnumerateArray().Select(s => s.GetProperty("zone").GetString()),
                Is.EqualTo(new[] { "acme.local", "lab.example.internal", "some.corp" }));
        }
        finally
        {
            File.Delete(kubeDns);
        }
    }

    [Test]
    public async Task StubDomains_BrokenCorefile_ExitsTwoWithLocatedMessageOnStderr()
    {
        var result = await Run(".:53 {\n    forward . 8.8.8.8\n", "stubdomains", "-f", "-");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.Stderr.Trim(), Is.EqualTo("Corefile:1:6: the block opened here is never closed: add the missing '}'."));
        });
    }

    [Test]
    public async Task StubDomains_BrokenYaml_ExitsTwoWithLocation()
    {
        var result = await Run("apiVersion: v1\nkind: ConfigMap\ndata:\n  Corefile: |\n  - [unbalanced\n", "stubdomains", "-f", "-");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith("stdin:"));
        });
    }

    [Test]
    public async Task StubDomains_MissingFile_ExitsTwo()
    {
        var result = await Run(null, "stubdomains", "-f", "/nonexistent/coredns.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.StartWith("/nonexistent/coredns.yaml: cannot read it"));
        });
    }

    [Test]
    public async Task StubDomains_NoFile_IsAUsageError()
    {
        var result = await Run(null, "stubdomains");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("--file"));
        });
    }

    [Test]
    public async Task Render_Example_PrintsTheNodeCacheCorefile()
    {
        var result = await Run(null, "render", "-f", Example, "--upstream-ip", "10.96.0.11");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
            Assert.That(result.Stdout, Does.Contain("some.corp:53 {").And.Contain("forward . 10.1.2.3 10.4.5.6").And.Contain("lab.example.internal:53 {"));
            Assert.That(result.Stdout, Does.Not.Contain("__PILLAR__"));
        });
    }

    [Test]
    public async Task Render_ViaClusterDnsAndIpvs_ChangesRoutingAndBind()
    {
        var result = await Run(null, "render", "-f", Example, "--stub-routing", "ViaClusterDNS", "--kube-proxy-mode", "ipvs", "--upstream-ip", "10.96.0.11");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
            Assert.That(result.Stdout, Does.Not.Contain("10.1.2.3"));
            Assert.That(result.Stdout, Does.Contain("bind 169.254.20.10\n"));
        });
    }

    [Test]
    public async Task Render_IptablesWithoutUpstreamIp_ExplainsTheLoop()
    {
        var result = await Run(null, "render", "-f", Example);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain("would loop"));
        });
    }

    [Test]
    public async Task Render_UnknownMode_IsAUsageErrorNamingTheChoices()
    {
        var result = await Run(null, "render", "-f", Example, "--upstream-mode", "Sideways");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("ClusterDns, ResolvConf, Servers"));
        });
    }

    [Test]
    public async Task Render_StockTemplate_SubstitutesEveryPillar()
    {
        var template = TestData.Shared("corefiles", "kubernetes-nodelocaldns-addon.Corefile");
        var result = await Run(null, "render", "-f", Example, "--template", template, "--upstream-ip", "10.96.0.11", "--upstream-mode", "ResolvConf");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
            Assert.That(result.Stdout, Does.Not.Contain("__PILLAR__"));
            Assert.That(result.Stdout, Does.Contain("forward . /etc/resolv.conf").And.Contain("some.corp:53 {"));
        });
    }

    [TestCase("--lease-duration-seconds", "0", "--lease-duration-seconds must be at least 3 seconds")]
    [TestCase("--resync-seconds", "-5", "--resync-seconds must be at least 1 seconds")]
    [TestCase("--lease-duration-seconds", "soon", "soon")]
    public async Task Run_BadFlag_IsAUsageErrorBeforeAnythingStarts(string flag, string value, string words)
    {
        var result = await Run(null, "run", "--kubeconfig", "/nonexistent", flag, value);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain(words));
        });
    }

    [Test]
    public async Task Crds_PublishedBinary_PrintsTheCommittedCrd()
    {
        // The NativeAOT binary cannot reflect over the API types; it prints the CRD embedded when it was built, which
        // must be the one make crds wrote (a binary published before a schema change would print a stale CRD).
        var result = await Run(null, "crds");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Stderr);
            Assert.That(result.Stdout, Is.EqualTo(File.ReadAllText(TestData.Repo("crds", "dns.nodelocal.io_nodelocaldnses.yaml"))));
        });
    }
}
