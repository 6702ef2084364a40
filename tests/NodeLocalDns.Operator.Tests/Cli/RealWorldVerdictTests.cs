using System.Text.Json;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Cli;

/// <summary>
/// Configs collected from public trackers, each with the verdict CoreDNS gave in its thread (tests/testdata/SOURCES.md):
/// for the release the thread ran, the CLI must reach the same verdict, with CoreDNS's words for a refusal and the
/// diagnostic that explains what loads but cannot be what was meant.
/// </summary>
public sealed class RealWorldVerdictTests
{
    private static (int Exit, string Error, List<(string Severity, string Code)> Diagnostics) Check(string file, string? version)
    {
        var args = new List<string> { "stubdomains", "-f", TestData.Shared(file.Split('/')) };
        if (version is not null)
        {
            args.AddRange(["--coredns-version", version]);
        }

        var (exit, output, error) = CliRun.InProcess(string.Empty, [.. args]);
        using var json = JsonDocument.Parse(output);
        return (exit, error, [.. json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => (d.GetProperty("severity").GetString()!, d.GetProperty("code").GetString()!))]);
    }

    // Refused by CoreDNS: the words it printed in the thread, at the line it named where it named one.
    [TestCase("clusters/user-coredns-deployment-215-nested-dot-block.yaml", "1.6.7", "Corefile:3:5: ", "Unknown directive '.'")]
    [TestCase("clusters/user-coredns-4729-aks-override-second-forward.yaml", "1.8.4", "coredns-custom/Corefile.override:1:1: ", "plugin/forward: this plugin can only be used once per Server Block")]
    [TestCase("clusters/user-coredns-io-341-k3s-hosts-override.yaml", null, "coredns-custom/docker.override:1:1: ", "plugin/hosts: this plugin can only be used once per Server Block")]
    [TestCase("clusters/user-azure-docs-63053-aks-privatelink-hosts-override.yaml", "1.6.6", "coredns-custom/test.override:1:1: ", "plugin/hosts: this plugin can only be used once per Server Block")]
    [TestCase("clusters/user-eks-user-guide-81-coredns-1.6.6-upstream.yaml", "1.7.0", "Corefile:6:7: ", "plugin/kubernetes: unknown property 'upstream'")]
    [TestCase("corefiles/user-coredns-4427-redacted-upstreams-rewrite-stub.Corefile", "1.6.7", "Corefile:23:13: ", "plugin/forward: not an IP address or file: \"x.x.x.x\"")]
    [TestCase("corefiles/user-coredns-2174-two-kubernetes-plugins.Corefile", "1.2.2", "Corefile:11:5: ", "plugin/kubernetes: this plugin can only be used once per Server Block")]
    public void Refused_AsCoreDnsRefusedIt(string file, string? version, string location, string words)
    {
        var (exit, error, _) = Check(file, version);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.StartWith(location).And.Contain(words));
        });
    }

    // Loaded by CoreDNS, but not what was meant: a warning says so.
    [TestCase("clusters/user-coredns-4729-aks-override-second-forward.yaml", "1.9.4", "UnreachedForward")]
    [TestCase("clusters/user-coredns-7069-k3d-override-forward-unreached.yaml", "1.11.3", "UnreachedForward")]
    [TestCase("clusters/user-k3s-12979-override-forward-subdomain.yaml", "1.12.3", "UnreachedForward")]
    [TestCase("clusters/user-microshift-1168-unrendered-cluster-domain.yaml", "1.10.1", "PlaceholderZone")]
    [TestCase("clusters/user-coredns-1268-sed-placeholders-hosts-file.yaml", "1.0.4", "PlaceholderZone")]
    [TestCase("clusters/user-eks-user-guide-81-coredns-1.6.6-upstream.yaml", "1.6.6", null)]
    public void Loaded_AsCoreDnsLoadedItWithTheSurpriseNamed(string file, string version, string? warning)
    {
        var (exit, error, diagnostics) = Check(file, version);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0), error);
            Assert.That(diagnostics.Where(d => d.Severity == "error"), Is.Empty);
            if (warning is not null)
            {
                Assert.That(diagnostics, Does.Contain(("warning", warning)));
            }
        });
    }
}
