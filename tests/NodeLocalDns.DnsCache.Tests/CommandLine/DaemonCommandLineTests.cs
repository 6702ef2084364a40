using System.Net;
using NodeLocalDns.DnsCache.CommandLine;

namespace NodeLocalDns.DnsCache.Tests.CommandLine;

/// <summary>node-cache's flags, in Go's syntax, with node-cache's defaults; every bad input is one line naming the flag.</summary>
public sealed class DaemonCommandLineTests
{
    private static DaemonFlags Parse(params string[] args) => DaemonCommandLine.Parse(["-conf", "/etc/Corefile", .. args])!;

    [Test]
    public void Defaults_AreNodeCaches()
    {
        var flags = Parse();
        Assert.Multiple(() =>
        {
            Assert.That(flags.ConfigPath, Is.EqualTo("/etc/Corefile"));
            Assert.That(flags.LocalIps, Is.Empty);
            Assert.That(flags.BaseCorefile, Is.EqualTo("/etc/coredns/Corefile.base"));
            Assert.That(flags.UpstreamService, Is.EqualTo("kube-dns"));
            Assert.That(flags.SetupInterface, Is.True);
            Assert.That(flags.InterfaceName, Is.EqualTo("nodelocaldns"));
            Assert.That(flags.SetupIptables, Is.True);
            Assert.That(flags.SetupNftables, Is.False);
            Assert.That(flags.SkipTeardown, Is.False);
            Assert.That(flags.SyncInterval, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(flags.HealthPort, Is.EqualTo(8080));
            Assert.That(flags.MetricsListenAddress, Is.EqualTo(new IPEndPoint(IPAddress.Any, 9353)));
            Assert.That(flags.DnsPort, Is.EqualTo(53));
            Assert.That(flags.ManagesNode, Is.False, "no -localip: nothing to set up on the node");
        });
    }

    [Test]
    public void StockAddonArguments_Parse()
    {
        // The args of the stock addon manifest, after its sed.
        var flags = DaemonCommandLine.Parse(["-localip", "169.254.20.10,10.96.0.10", "-conf", "/etc/Corefile",
            "-upstreamsvc", "kube-dns-upstream", "-pidfile", "/tmp/node-cache.pid"])!;
        Assert.Multiple(() =>
        {
            Assert.That(flags.LocalIps, Is.EqualTo(new[] { IPAddress.Parse("169.254.20.10"), IPAddress.Parse("10.96.0.10") }));
            Assert.That(flags.UpstreamService, Is.EqualTo("kube-dns-upstream"));
            Assert.That(flags.PidFile, Is.EqualTo("/tmp/node-cache.pid"));
            Assert.That(flags.ManagesNode, Is.True);
        });
    }

    [TestCase("-health-port", "9090")]
    [TestCase("-health-port=9090")]
    [TestCase("--health-port", "9090")]
    [TestCase("--health-port=9090")]
    public void HealthPort_EverySpelling_IsTheHealthPortNotHelp(params string[] args) =>
        Assert.That(Parse(args).HealthPort, Is.EqualTo(9090));

    [TestCase(new[] { "-setupiptables=false" }, false)]
    [TestCase(new[] { "-setupiptables=0" }, false)]
    [TestCase(new[] { "--setupiptables=False" }, false)]
    [TestCase(new[] { "-setupiptables" }, true)]
    [TestCase(new[] { "-setupiptables=true" }, true)]
    public void Booleans_TakeTheirValueAfterEquals(string[] args, bool expected) =>
        Assert.That(Parse([.. args, "-localip", "169.254.20.10"]).SetupIptables, Is.EqualTo(expected));

    [TestCase("60", 60)]
    [TestCase("5", 5)]
    [TestCase("30s", 30)]
    [TestCase("1m30s", 90)]
    [TestCase("2m", 120)]
    public void SyncInterval_PlainSecondsOrDuration(string value, int seconds) =>
        Assert.That(Parse("-syncinterval", value).SyncInterval, Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void EveryFlag_BothSyntaxes()
    {
        string[] spaced =
        [
            "-localip", "169.254.20.10,fd00::10", "-basecorefile", "/b", "-kubednscm", "/k", "-upstreamsvc", "up",
            "-interfacename", "nld0", "-syncinterval", "7", "-health-port", "8081", "-metrics-listen-address", "[::1]:9354",
            "-pidfile", "/p", "-dns.port", "5353", "-instancedir", "/i", "-probesocket", "/s", "-skipteardown",
            "-reloadwithsignal", "-quiet", "-setupinterface=false",
        ];
        var joined = new List<string>();
        for (var i = 0; i < spaced.Length; i++)
        {
            joined.Add(spaced[i].StartsWith('-') && i + 1 < spaced.Length && !spaced[i + 1].StartsWith('-') ? $"-{spaced[i]}={spaced[++i]}" : spaced[i]);
        }

        foreach (var args in new[] { spaced, joined.ToArray() })
        {
            var f = Parse(args);
            Assert.Multiple(() =>
            {
                Assert.That(f.LocalIps, Is.EqualTo(new[] { IPAddress.Parse("169.254.20.10"), IPAddress.Parse("fd00::10") }), string.Join(' ', args));
                Assert.That((f.BaseCorefile, f.BaseCorefileGiven, f.KubeDnsConfigDirectory, f.UpstreamService), Is.EqualTo(("/b", true, "/k", "up")));
                Assert.That((f.InterfaceName, f.SyncInterval, f.HealthPort), Is.EqualTo(("nld0", TimeSpan.FromSeconds(7), 8081)));
                Assert.That(f.MetricsListenAddress, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Loopback, 9354)));
                Assert.That((f.PidFile, f.DnsPort, f.InstanceDirectory, f.ProbeSocket), Is.EqualTo(("/p", 5353, "/i", "/s")));
                Assert.That((f.SkipTeardown, f.ReloadWithSignal, f.Quiet, f.SetupInterface), Is.EqualTo((true, true, true, false)));
            });
        }
    }

    [Test]
    public void ShortPortFlag_IsDnsPort() => Assert.That(Parse("-p", "1053").DnsPort, Is.EqualTo(1053));

    [Test]
    public void Nftables_TurnsIptablesOffUnlessGiven()
    {
        var flags = Parse("-localip", "169.254.20.10", "-setupnftables");
        Assert.That((flags.SetupNftables, flags.SetupIptables), Is.EqualTo((true, false)));
    }

    [Test]
    public void MetricsAddress_EmptyTurnsItOff() => Assert.That(Parse("-metrics-listen-address=").MetricsListenAddress, Is.Null);

    [Test]
    public void VersionAndProbe_NeedNoConf()
    {
        Assert.That(DaemonCommandLine.Parse(["-version"])!.Version, Is.True);
        Assert.That(DaemonCommandLine.Parse(["-probe", "ready"])!.Probe, Is.EqualTo("ready"));
    }

    [TestCase("-h")]
    [TestCase("-help")]
    [TestCase("--help")]
    public void Help_ReturnsNull(string flag) => Assert.That(DaemonCommandLine.Parse([flag]), Is.Null);

    [TestCase(new[] { "-conf", "/c", "-bogus" }, "flag provided but not defined: -bogus")]
    [TestCase(new[] { "-conf", "/c", "-health" }, "flag provided but not defined: -health")]
    [TestCase(new[] { "-conf", "/c", "-localip", "10.0.0.300" }, "invalid value \"10.0.0.300\" for flag -localip: '10.0.0.300' is not an IP address")]
    [TestCase(new[] { "-conf", "/c", "-localip", "169.254.20.10/32" }, "'169.254.20.10/32' is not an IP address")]
    [TestCase(new[] { "-conf", "/c", "-localip", "1.2.3.4,1.2.3.4" }, "1.2.3.4 is listed twice")]
    [TestCase(new[] { "-conf", "/c", "-health-port", "http" }, "invalid value \"http\" for flag -health-port: not a port number")]
    [TestCase(new[] { "-conf", "/c", "-health-port", "70000" }, "not a port number")]
    [TestCase(new[] { "-conf", "/c", "-dns.port", "0" }, "invalid value \"0\" for flag -dns.port")]
    [TestCase(new[] { "-conf", "/c", "-syncinterval", "soon" }, "invalid value \"soon\" for flag -syncinterval: not a number of seconds or a duration")]
    [TestCase(new[] { "-conf", "/c", "-syncinterval", "0" }, "must be between 1s and 24h")]
    [TestCase(new[] { "-conf", "/c", "-syncinterval", "500ms" }, "must be between 1s and 24h")]
    [TestCase(new[] { "-conf", "/c", "-setupiptables=maybe" }, "invalid value \"maybe\" for flag -setupiptables: not a boolean")]
    [TestCase(new[] { "-conf", "/c", "-setupiptables", "false" },
        "unexpected argument 'false'; a boolean flag takes its value after '=': -setupiptables=false")]
    [TestCase(new[] { "-conf", "/c", "stray" }, "unexpected argument 'stray'")]
    [TestCase(new[] { "-conf" }, "flag needs an argument: -conf")]
    [TestCase(new[] { "-conf", "" }, "must not be empty")]
    [TestCase(new[] { "-conf", "/c", "-interfacename", "a-very-long-interface" }, "not a valid interface name")]
    [TestCase(new[] { "-conf", "/c", "-metrics-listen-address", "::1:9353" }, "an IPv6 address needs brackets")]
    [TestCase(new[] { "-conf", "/c", "-metrics-listen-address", "9353" }, "expected ip:port")]
    [TestCase(new[] { "-conf", "/c", "-probe", "dead" }, "must be live or ready")]
    [TestCase(new[] { "-conf", "/c", "---conf=/x" }, "bad flag syntax: ---conf=/x")]
    [TestCase(new[] { "-localip", "169.254.20.10" }, "-conf is required")]
    [TestCase(new[] { "-conf", "/c", "-setupiptables" }, "node set-up was asked for but -localip is empty")]
    [TestCase(new[] { "-conf", "/c", "-localip", "169.254.20.10", "-setupiptables", "-setupnftables" }, "-setupiptables and -setupnftables both given")]
    public void BadInput_IsOneLineNamingIt(string[] args, string expected)
    {
        var error = Assert.Throws<FlagParseException>(() => DaemonCommandLine.Parse(args))!;
        Assert.That(error.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void Usage_ListsEveryFlagWithItsDefault()
    {
        var usage = DaemonCommandLine.Usage();
        var flags = new[]
        {
            "localip", "conf", "basecorefile", "kubednscm", "upstreamsvc", "setupinterface", "interfacename", "setupiptables",
            "setupnftables", "skipteardown", "syncinterval", "health-port", "metrics-listen-address", "pidfile", "dns.port, -p",
            "reloadwithsignal", "quiet", "version",
        };
        foreach (var flag in flags)
        {
            Assert.That(usage, Does.Contain($"  -{flag}"), flag);
        }

        Assert.That(usage, Does.Contain("(default 0.0.0.0:9353)"));
    }
}
