using System.Text.RegularExpressions;
using k8s;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Manifests;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The per-provider samples in crds/samples/providers/: exactly the ones docs/providers.md lists, each valid for the CRD
/// and the API type, and each rendered by the operator's own <c>render</c> command against that provider's example DNS
/// config (docs/providers/) into a Corefile that forwards the provider's stub domain to its own servers and binds the
/// kube-dns IP only in the modes where kubelet keeps asking it.
/// </summary>
public sealed partial class ProviderSampleTests
{
    private const string ClusterDnsIp = "10.96.0.10";

    /// <summary>Each sample with its provider's example DNS config and the stub domain in it.</summary>
    private static readonly Dictionary<string, (string Config, string Zone, string Servers)> Providers = new(StringComparer.Ordinal)
    {
        ["eks.yaml"] = ("docs/providers/eks-coredns.yaml", "corp.example.internal", "10.10.0.2 10.10.1.2"),
        ["gke.yaml"] = ("docs/providers/gke-kube-dns.yaml", "corp.example.internal", "10.10.0.2 10.10.1.2"),
        ["aks.yaml"] = ("docs/providers/aks-coredns.yaml", "corp.example.internal", "10.10.0.2 10.10.1.2"),
        ["k3s.yaml"] = ("docs/providers/k3s-coredns.yaml", "corp.example.internal", "10.10.0.2 10.10.1.2"),
        ["rke2.yaml"] = ("docs/providers/rke2-coredns.yaml", "corp.example.internal", "10.10.0.2 10.10.1.2"),
        ["kubeadm-iptables.yaml"] = ("operator/examples/coredns-configmap.yaml", "some.corp", "10.1.2.3 10.4.5.6"),
        ["kubeadm-ipvs.yaml"] = ("operator/examples/coredns-configmap.yaml", "some.corp", "10.1.2.3 10.4.5.6"),
        ["kubeadm-nftables.yaml"] = ("operator/examples/coredns-configmap.yaml", "some.corp", "10.1.2.3 10.4.5.6"),
        ["cilium-kube-proxy-replacement.yaml"] = ("operator/examples/coredns-configmap.yaml", "some.corp", "10.1.2.3 10.4.5.6"),
    };

    private static IEnumerable<string> SampleNames() => Providers.Keys.Order(StringComparer.Ordinal);

    private static string SamplePath(string name) => TestData.Repo("crds", "samples", "providers", name);

    [Test]
    public void SamplesFolder_Files_AreTheOnesProvidersMdLists()
    {
        var listed = ProvidersTableSample().Matches(File.ReadAllText(TestData.Repo("docs", "providers.md")))
            .Select(m => m.Groups["file"].Value)
            .ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(TestData.Repo("crds", "samples", "providers")).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(files, Is.EquivalentTo(listed));
            Assert.That(files, Is.EquivalentTo(Providers.Keys));
        });
    }

    [TestCaseSource(nameof(SampleNames))]
    public void Sample_StrictlyDeserialized_IsTheApiTypeNamedDefault(string name)
    {
        var text = File.ReadAllText(SamplePath(name));
        var typed = ManifestObjects.NodeLocalDns(text);
        Assert.Multiple(() =>
        {
            Assert.That(() => KubernetesYaml.Deserialize<V1Alpha1NodeLocalDns>(text, strict: true), Throws.Nothing);
            Assert.That(typed.Metadata.Name, Is.EqualTo("default"), "one NodeLocalDns per cluster");
        });
    }

    [TestCaseSource(nameof(SampleNames))]
    public void Sample_RenderedWithItsProvidersDnsConfig_ForwardsTheStubDomainToItsOwnServers(string name)
    {
        var (config, zone, servers) = Providers[name];
        var (exit, corefile, error) = CliRun.InProcess(string.Empty, "render", "-f", TestData.Repo(config), "--nodelocaldns", SamplePath(name),
            "--cluster-dns-ip", ClusterDnsIp, "--upstream-ip", "10.96.0.11");
        Assert.That(exit, Is.Zero, error);
        var block = Block(corefile, zone);
        Assert.Multiple(() =>
        {
            Assert.That(block, Is.Not.Null, corefile);
            Assert.That(block, Does.Contain($"forward . {servers}"), "to its own servers, not to the node's resolv.conf");
        });
    }

    [TestCaseSource(nameof(SampleNames))]
    public void Sample_KubeProxyMode_BindsTheKubeDnsIpOnlyWhereKubeletKeepsAskingIt(string name)
    {
        var (config, _, _) = Providers[name];
        var mode = ManifestObjects.NodeLocalDns(File.ReadAllText(SamplePath(name))).Spec.KubeProxyMode;
        var (exit, corefile, error) = CliRun.InProcess(string.Empty, "render", "-f", TestData.Repo(config), "--nodelocaldns", SamplePath(name),
            "--cluster-dns-ip", ClusterDnsIp, "--upstream-ip", "10.96.0.11");
        Assert.That(exit, Is.Zero, error);
        var binds = BindLine().Matches(corefile).Select(m => m.Groups["addresses"].Value).Distinct().ToList();
        Assert.That(binds, Is.EqualTo(new[] { mode == KubeProxyMode.Ipvs ? "169.254.20.10" : $"169.254.20.10 {ClusterDnsIp}" }));
    }

    /// <summary>The server block for <paramref name="zone"/>, or null.</summary>
    private static string? Block(string corefile, string zone)
    {
        var start = corefile.IndexOf($"\n{zone}:53 {{", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var end = corefile.IndexOf("\n}", start + 1, StringComparison.Ordinal);
        return corefile[start..end];
    }

    [GeneratedRegex(@"^\| [^|]+ \| `(?<file>[a-z0-9-]+\.yaml)` \|", RegexOptions.Multiline)]
    private static partial Regex ProvidersTableSample();

    [GeneratedRegex(@"^\s*bind (?<addresses>[^\n]+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex BindLine();
}
