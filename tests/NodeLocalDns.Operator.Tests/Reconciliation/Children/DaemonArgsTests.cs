using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Reconciliation.Children;

/// <summary>The daemon's flags follow kube-proxy's mode: which addresses it owns and which rules it keeps.</summary>
public sealed class DaemonArgsTests
{
    [TestCase(KubeProxyMode.Iptables, "169.254.20.10,10.96.0.10", "-setupiptables")]
    [TestCase(KubeProxyMode.Nftables, "169.254.20.10,10.96.0.10", "-setupnftables")]
    [TestCase(KubeProxyMode.Ipvs, "169.254.20.10", "-setupiptables")]
    public void DaemonArgs_FollowKubeProxyMode(KubeProxyMode mode, string localIps, string rules)
    {
        var args = ChildObjectBuilder.DaemonArgs(new NodeLocalDnsSpec { KubeProxyMode = mode }, [NodeLocalDnsSpec.DefaultLocalIp], "10.96.0.10");

        Assert.That(args, Is.EqualTo(new[]
        {
            "-localip", localIps, "-conf", "/etc/coredns/Corefile", "-dns.port", "53", "-health-port", "8080",
            rules, "-metrics-listen-address=", "-instancedir", "/run/nodelocaldns", "-probesocket", "/run/dnscache/probe.sock",
        }));
    }

    [Test]
    public void DaemonArgs_TakeTheSpecsIpsAndPorts()
    {
        var spec = new NodeLocalDnsSpec { LocalIps = ["169.254.20.25", "fd00::a"], Ports = new PortsSpec { Dns = 5353, Health = 9254 } };

        var args = ChildObjectBuilder.DaemonArgs(spec, spec.LocalIps!, "10.96.0.10");

        Assert.That(args[1], Is.EqualTo("169.254.20.25,fd00::a,10.96.0.10"));
        Assert.That(args.Skip(4).Take(4), Is.EqualTo(new[] { "-dns.port", "5353", "-health-port", "9254" }));
    }

    [TestCase(KubeProxyMode.Iptables)]
    [TestCase(KubeProxyMode.Nftables)]
    [TestCase(KubeProxyMode.Ipvs)]
    [Category(TestCategories.Processes)]
    public async Task DaemonArgs_AreAcceptedByThePublishedDaemon(KubeProxyMode mode)
    {
        // The daemon checks every flag before -version answers: an unknown flag or bad value exits 2.
        var args = ChildObjectBuilder.DaemonArgs(new NodeLocalDnsSpec { KubeProxyMode = mode }, [NodeLocalDnsSpec.DefaultLocalIp], "10.96.0.10");

        var result = await ProcessRunner.RunAsync(TestData.Repo("out", "dnscache", "dnscache"), [.. args, "-version"], timeout: TimeSpan.FromSeconds(20));

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.StartWith("dnscache "));
    }
}
