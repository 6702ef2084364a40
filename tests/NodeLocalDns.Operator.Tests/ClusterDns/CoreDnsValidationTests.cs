using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests.ClusterDns;

/// <summary>
/// The config is read as strictly as CoreDNS loads it, for the release the cluster runs: what CoreDNS refuses is an error
/// located at its token (file:line:column) with CoreDNS's own words, what loads but cannot be what was meant is a
/// warning. Every case names the CoreDNS source or issue its verdict comes from.
/// </summary>
public sealed class CoreDnsValidationTests
{
    private static readonly CoreDnsVersion Newest = CoreDnsVersion.Newest;

    private static ClusterDnsConfig Read(string corefile, CoreDnsVersion? version = null, params (string Key, string Text)[] custom) =>
        ClusterDnsReader.Read(Corefiles.Inputs(corefile, custom) with { CoreDnsVersion = version ?? Newest });

    private static CoreDnsVersion Release(string text) =>
        CoreDnsVersion.TryParse(text, out var version) ? version : throw new ArgumentException($"'{text}' is not a release", nameof(text));

    private static IEnumerable<Diagnostic> Of(ClusterDnsConfig config, string code) => config.Diagnostics.Where(d => d.Code == code);

    private static string Located(string text, string token)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(token, StringComparison.Ordinal);
            if (column >= 0)
            {
                return $"Corefile:{i + 1}:{column + 1}";
            }
        }

        throw new ArgumentException($"'{token}' is not in the text", nameof(token));
    }

    // Caddy's parser: every directive must be a plugin of the build ("Unknown directive '%s'", coredns/caddy caddyfile/parse.go).
    [TestCase(".:53 {\n    errors\n    . {\n        forward . 8.8.8.8\n    }\n}\n", ".", "server block nested",
        TestName = "Validate_NestedServerBlock_IsUnknownDirectiveDot")]
    [TestCase(".:53 {\n    forwrd . 8.8.8.8\n}\n", "forwrd", "misspelling", TestName = "Validate_MisspeltPlugin_IsUnknownDirective")]
    [TestCase(".:53 {\n    proxy . 8.8.8.8\n}\n", "proxy", "removed in CoreDNS 1.5.0", TestName = "Validate_ProxyOnNewestCoreDns_IsUnknownDirective")]
    [TestCase(".:53 {\n    kubernetes cluster.local\n    federation cluster.local {\n       prod prod.example.com\n    }\n}\n",
        "federation", "removed in CoreDNS 1.7.0", TestName = "Validate_Federation_IsUnknownDirective")]
    [TestCase(".:53 {\n    <Existing CoreDNS definition>\n}\n", "<Existing", "placeholder text", TestName = "Validate_PlaceholderLine_IsUnknownDirective")]
    public void Validate_UnknownDirective_IsAnErrorAtItsToken(string corefile, string directive, string advice)
    {
        var error = Of(Read(corefile), DiagnosticCodes.UnknownDirective).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(error.Source, Is.EqualTo(Located(corefile, directive + " ")));
            Assert.That(error.Message, Does.Contain($"\"Unknown directive '{directive}'\"").And.Contain(advice).And.Contain("CoreDNS 1.14.4 refuses"));
        });
    }

    [TestCase("1.4.0", 0)]
    [TestCase("1.5.0", 1)]
    public void Validate_Proxy_IsRefusedFromTheReleaseThatRemovedIt(string version, int errors)
    {
        var release = Release(version);
        Assert.That(Of(Read(".:53 {\n    proxy . 8.8.8.8\n}\n", release), DiagnosticCodes.UnknownDirective).Count(), Is.EqualTo(errors));
    }

    [Test]
    public void Validate_ReadyOnAReleaseBeforeIt_IsUnknownDirective()
    {
        // corefile-migration adds ready as a new default in 1.5.0; coredns/coredns#4000 shows an older image refusing it.
        var config = Read(".:53 {\n    ready\n    forward . 8.8.8.8\n}\n", new CoreDnsVersion(1, 4, 0));
        Assert.That(Of(config, DiagnosticCodes.UnknownDirective).Single().Message, Does.Contain("arrived in CoreDNS 1.5.0"));
    }

    // plugin.SplitHostPort (plugin/normalize.go) with miekg/dns's IsDomainName: only the label structure is refused.
    [TestCase("a..b.corp {\n    forward . 10.0.0.1\n}\n", "a..b.corp", "zone is not a valid domain name: a..b.corp")]
    [TestCase("example.com: {\n    forward . 10.0.0.1\n}\n", "example.com:", "expecting data after last colon: \"example.com:\"")]
    [TestCase(".corp {\n    forward . 10.0.0.1\n}\n", ".corp", "zone is not a valid domain name: .corp")]
    public void Validate_ServerKeyCoreDnsRefuses_IsAnError(string corefile, string key, string words)
    {
        var error = Of(Read(Corefiles.Kubeadm() + corefile), DiagnosticCodes.InvalidServerKey).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(error.Message, Does.Contain(words));
            Assert.That(error.Position!.Value.Line, Is.EqualTo(Corefiles.LineOf(Corefiles.Kubeadm() + corefile, key)));
        });
    }

    [Test]
    public void Validate_LabelOf64Octets_IsRefused()
    {
        var label = new string('a', 64);
        var config = Read(Corefiles.Kubeadm() + $"{label}.corp {{\n    forward . 10.0.0.1\n}}\n");
        Assert.That(Of(config, DiagnosticCodes.InvalidServerKey).Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }

    [Test]
    public void Validate_PlaceholderKeyWithSpaces_IsOneWarningNamingTheZonesCoreDnsServes()
    {
        // The AKS docs' "<domain to be rewritten>.com:53": Caddy splits it into four keys, IsDomainName accepts each.
        var config = Read(Corefiles.Kubeadm() + "<domain to be rewritten>.com:53 {\n    errors\n    rewrite stop {\n" +
            "        name regex (.*)\\.<domain to be rewritten>.com {1}.default.svc.cluster.local\n    }\n" +
            "    forward . /etc/resolv.conf\n}\n");
        var warning = Of(config, DiagnosticCodes.PlaceholderZone).Single();
        Assert.Multiple(() =>
        {
            Assert.That(warning.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(warning.Message, Does.Contain("'<domain to be rewritten>.com:53' is a placeholder").And.Contain("<domain., to., be., rewritten>.com."));
            Assert.That(config.Errors, Is.Empty, "CoreDNS loads it");
        });
    }

    [Test]
    public void Validate_KubernetesPlaceholderZone_IsNotTheClusterDomain()
    {
        // An unrendered template: CoreDNS serves Kubernetes names under "<domain>." and the pods' cluster.local names fail.
        var config = Read(".:53 {\n    kubernetes <domain> in-addr.arpa ip6.arpa {\n        fallthrough in-addr.arpa ip6.arpa\n    }\n" +
            "    forward . /etc/resolv.conf\n}\n");
        Assert.Multiple(() =>
        {
            Assert.That(config.ClusterDomains, Is.EqualTo(new[] { "cluster.local" }));
            Assert.That(Of(config, DiagnosticCodes.PlaceholderZone).Single().Message, Does.Contain("'<domain>' is a template placeholder"));
            Assert.That(Of(config, DiagnosticCodes.ClusterDomainAssumed).Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        });
    }

    // parse.HostPortOrFile (plugin/pkg/parse/host.go): an IP with an optional port, or a file; net.SplitHostPort and
    // net.ParseIP decide, so a bracketed IPv6 address without a port is refused too.
    [TestCase("x.x.x.x", "1.14.3", "not an IP address or file: \\\"x.x.x.x\\\"")]
    [TestCase("x.x.x.x", "1.14.4", "failed to resolve \\\"x.x.x.x\\\"")]
    [TestCase("<IP>", "1.14.4", "not an IP address or file: \\\"<IP>\\\"")]
    [TestCase("$(COREDNS_IP)", "1.14.4", "not an IP address or file")]
    [TestCase("[2001:db8::1]", "1.14.4", "not an IP address or file: \\\"[2001:db8::1]\\\"")]
    [TestCase("dns.google", "1.14.3", "host names are accepted only from CoreDNS 1.14.4")]
    public void Validate_ForwardTargetCoreDnsRefuses_IsAnError(string target, string version, string words)
    {
        var release = Release(version);
        var text = Corefiles.Kubeadm() + $"odd.corp {{\n    forward . {target}\n}}\n";
        var error = Of(Read(text, release), DiagnosticCodes.InvalidUpstream).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(error.Message, Does.Contain(words.Replace("\\\"", "\"", StringComparison.Ordinal)));
            Assert.That(error.Source, Is.EqualTo(Located(text, target)));
        });
    }

    [Test]
    public void Validate_RedactedUpstreamsInABlockRoutedViaClusterDns_AreStillErrors()
    {
        // hosts makes the block answer names itself, so the zone goes to cluster DNS and its forward targets used to
        // be read by nobody; CoreDNS still refuses them at load.
        var text = Corefiles.Kubeadm() + "lab.corp {\n    hosts {\n        10.0.0.7 git.lab.corp\n        fallthrough\n    }\n" +
            "    forward . x.x.x.x y.y.y.y\n}\n";
        var config = Read(text, new CoreDnsVersion(1, 11, 3));
        Assert.Multiple(() =>
        {
            Assert.That(config.ClusterDnsRoutes.Select(r => r.Zone), Is.EqualTo(new[] { "lab.corp" }));
            Assert.That(Of(config, DiagnosticCodes.InvalidUpstream).Select(e => e.Source),
                Is.EqualTo(new[] { Located(text, "x.x.x.x"), Located(text, "y.y.y.y") }));
        });
    }

    [Test]
    public void Validate_HostNameOnAReleaseThatResolvesIt_LoadsButTheNodeCacheRoutesItThroughCoreDns()
    {
        var config = Read(Corefiles.Kubeadm() + "odd.corp {\n    forward . dns.google\n}\n");
        Assert.Multiple(() =>
        {
            Assert.That(config.Errors, Is.Empty);
            Assert.That(Of(config, DiagnosticCodes.UnusableUpstream).Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(config.ClusterDnsRoutes.Select(r => r.Zone), Is.EqualTo(new[] { "odd.corp" }));
        });
    }

    [Test]
    public void Validate_EnvironmentPlaceholders_AreWarningsNotErrors()
    {
        // CoreDNS expands {$NAME} from its own environment at load (coredns/caddy); the value is unknown here.
        var config = Read(".:{$DNS_PORT} {\n    forward . {$UPSTREAM_SERVERS}\n}\n");
        Assert.Multiple(() =>
        {
            Assert.That(config.Errors, Is.Empty);
            Assert.That(Of(config, DiagnosticCodes.EnvironmentPlaceholder).Count(), Is.EqualTo(2));
        });
    }

    // plugin.ErrOnce ("this plugin can only be used once per Server Block") from each setup.go.
    [TestCase("cache 30\n    cache 60", "cache 60")]
    [TestCase("hosts {\n        10.0.0.1 a.lab\n        fallthrough\n    }\n    hosts /etc/hosts", "hosts /etc/hosts")]
    [TestCase("prometheus :9153\n    prometheus :9154", "prometheus :9154")]
    public void Validate_SecondInstanceOfAOncePlugin_IsRefused(string lines, string second)
    {
        var text = $".:53 {{\n    kubernetes cluster.local\n    {lines}\n    forward . 8.8.8.8\n}}\n";
        var error = Of(Read(text), DiagnosticCodes.DuplicatePlugin).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("this plugin can only be used once per Server Block"));
            Assert.That(error.Source, Is.EqualTo(Located(text, second)));
        });
    }

    [Test]
    public void Validate_HostsInAK3sOverride_IsRefusedAndNamesTheImportedFile()
    {
        // k3s's Corefile already has hosts /etc/coredns/NodeHosts; an override with its own hosts block crash-loops CoreDNS.
        var k3s = ".:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n" +
            "    hosts /etc/coredns/NodeHosts {\n        ttl 60\n        reload 15s\n        fallthrough\n    }\n" +
            "    forward . /etc/resolv.conf\n    import /etc/coredns/custom/*.override\n}\n";
        var error = Of(Read(k3s, null, ("supabase.override", "hosts {\n  10.0.0.9 db.supabase.internal\n  fallthrough\n}\n")),
            DiagnosticCodes.DuplicatePlugin).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Source, Is.EqualTo("coredns-custom/supabase.override:1:1"));
            Assert.That(error.Message, Does.Contain("plugin/hosts: this plugin can only be used once per Server Block")
                .And.Contain("the first hosts is at Corefile:4:5"));
        });
    }

    [Test]
    public void Validate_SecondForwardDotFromAnOverride_IsRefusedBefore194AndUnreachedSince()
    {
        // coredns/coredns#5127 (1.9.4) allows several forwards; they run in Corefile order, so the override's one, imported
        // after the root block's own forward ., never gets a query.
        var aks = Corefiles.Kubeadm("    import custom/*.override");
        (string, string) overrideKey = ("upstream.override", "forward . 10.0.0.53\n");
        var before = Read(aks, new CoreDnsVersion(1, 9, 3), overrideKey);
        var since = Read(aks, new CoreDnsVersion(1, 9, 4), overrideKey);
        Assert.Multiple(() =>
        {
            Assert.That(Of(before, DiagnosticCodes.DuplicatePlugin).Single().Message,
                Does.Contain("plugin/forward: this plugin can only be used once per Server Block")
                    .And.Contain("several are allowed from CoreDNS 1.9.4"));
            Assert.That(since.Errors, Is.Empty);
            var unreached = Of(since, DiagnosticCodes.UnreachedForward).Single();
            Assert.That(unreached.Source, Is.EqualTo("coredns-custom/upstream.override:1"));
            Assert.That(unreached.Message, Does.Contain("never receives a query").And.Contain($"Corefile:{Corefiles.LineOf(aks, "    forward .")}:5"));
            Assert.That(since.RootUpstreams, Is.EqualTo(new[] { "/etc/resolv.conf" }), "CoreDNS's first forward answers");
        });
    }

    [Test]
    public void Validate_SecondForwardAfterOneWithNext_IsReached()
    {
        var config = Read(".:53 {\n    forward . 10.0.0.1 {\n        next NXDOMAIN\n    }\n    forward . 10.0.0.2\n}\n");
        Assert.That(Of(config, DiagnosticCodes.UnreachedForward), Is.Empty);
    }

    // Each setup.go's default case; "upstream" was removed from the kubernetes plugin in 1.7.0 (CoreDNS 1.7.0 release
    // notes; traefik/mesh#685 shows "plugin/kubernetes: /etc/coredns/Corefile:25 - Error during parsing: unknown property 'upstream'").
    [TestCase("1.6.9", 0)]
    [TestCase("1.7.0", 1)]
    public void Validate_KubernetesUpstream_IsRefusedFrom170(string version, int errors)
    {
        var release = Release(version);
        var config = Read(".:53 {\n    kubernetes cluster.local {\n        pods insecure\n        upstream\n    }\n" +
            "    forward . /etc/resolv.conf\n}\n", release);
        var refused = Of(config, DiagnosticCodes.UnknownOption).ToList();
        Assert.That(refused, Has.Count.EqualTo(errors));
        if (errors > 0)
        {
            Assert.That(refused[0].Message, Does.Contain("\"plugin/kubernetes: unknown property 'upstream'\"").And.Contain("removed in CoreDNS 1.7.0"));
            Assert.That(refused[0].Source, Is.EqualTo("Corefile:4:9"));
        }
    }

    [TestCase("1.6.7", 1, TestName = "Validate_MaxConcurrentBefore169_IsRefused")]
    [TestCase("1.6.9", 0, TestName = "Validate_MaxConcurrentFrom169_Loads")]
    public void Validate_ForwardMaxConcurrent(string version, int errors)
    {
        // coredns/coredns#4362: "Error during parsing: unknown property 'max_concurrent'" on an image older than 1.6.9.
        var release = Release(version);
        Assert.That(Of(Read(Corefiles.Kubeadm(), release), DiagnosticCodes.UnknownOption).Count(), Is.EqualTo(errors));
    }

    [TestCase("cache 30 {\n        sucess 9984 30\n    }", "plugin/cache: Wrong argument count or unexpected line ending after 'sucess'")]
    [TestCase("health {\n        lameduk 5s\n    }", "plugin/health: Wrong argument count or unexpected line ending after 'lameduk'")]
    [TestCase("forward . 8.8.8.8 {\n        force-tcp\n    }", "plugin/forward: unknown property 'force-tcp'")]
    [TestCase("prometheus :9153 {\n        tsl cert key\n    }", "plugin/prometheus: unknown option: tsl")]
    [TestCase("template IN A lab.corp {\n        anwser \"{{ .Name }} 60 IN A 10.0.0.1\"\n    }",
        "plugin/template: Wrong argument count or unexpected line ending after 'anwser'")]
    public void Validate_OptionAPluginDoesNotHave_IsRefusedWithItsWords(string lines, string words)
    {
        var config = Read($".:53 {{\n    kubernetes cluster.local\n    {lines}\n}}\n");
        Assert.That(Of(config, DiagnosticCodes.UnknownOption).Single().Message, Does.Contain(words));
    }

    [Test]
    public void Validate_TemplateWithEveryOptionItHas_Loads()
    {
        // plugin/template/setup.go: match, answer, additional, authority, rcode, fallthrough and the old upstream.
        var config = Read(".:53 {\n    kubernetes cluster.local\n    template IN A lab.corp {\n        match ^db[.]lab[.]corp[.]$\n"
            + "        answer \"{{ .Name }} 60 IN A 10.0.0.1\"\n        additional \"ns.lab.corp. 60 IN A 10.0.0.2\"\n"
            + "        authority \"lab.corp. 60 IN NS ns.lab.corp.\"\n        rcode NOERROR\n        fallthrough\n        upstream\n    }\n}\n");
        Assert.That(Of(config, DiagnosticCodes.UnknownOption), Is.Empty);
    }

    [TestCase("rewrite nam old.lab.corp new.lab.corp", "plugin/rewrite: invalid rule type \"nam\"")]
    [TestCase("rewrite stop nam old.lab.corp new.lab.corp", "plugin/rewrite: invalid rule type \"stop\"")]
    [TestCase("rewrite stop {\n        nam regex (.*)\\.lab\\.corp {1}.svc.cluster.local\n    }", "plugin/rewrite: invalid rule type \"stop\"")]
    [TestCase("rewrite answer name a.lab.corp b.lab.corp", "plugin/rewrite: response rewrites must begin with a name rule")]
    public void Validate_RewriteRuleOfATypeCoreDnsDoesNotKnow_IsRefused(string lines, string words)
    {
        // plugin/rewrite/rewrite.go newRule: "invalid rule type %q" names the rule's first word.
        var config = Read($".:53 {{\n    kubernetes cluster.local\n    {lines}\n}}\n");
        Assert.That(Of(config, DiagnosticCodes.InvalidArgument).Single().Message, Does.Contain(words));
    }

    [TestCase("rewrite name old.lab.corp new.lab.corp")]
    [TestCase("rewrite continue ttl lab.corp 30")]
    [TestCase("rewrite stop {\n        name regex (.*)\\.lab\\.corp {1}.svc.cluster.local"
        + "\n        answer name (.*)\\.svc\\.cluster\\.local {1}.lab.corp\n    }")]
    [TestCase("rewrite edns0 local set 0xffee hello")]
    public void Validate_RewriteRulesCoreDnsKnows_Load(string lines)
    {
        var config = Read($".:53 {{\n    kubernetes cluster.local\n    {lines}\n}}\n");
        Assert.That(Of(config, DiagnosticCodes.InvalidArgument), Is.Empty);
    }

    [Test]
    public void Validate_HostsInlineEntries_AreNotOptions()
    {
        // plugin/hosts/setup.go reads any line of its block that is not ttl, no_reverse, reload or fallthrough as an
        // inline entry; a line without a valid address is skipped, never refused.
        var config = Read(".:53 {\n    kubernetes cluster.local\n    hosts {\n        10.0.0.1 a.lab\n        not-an-address b.lab\n" +
            "        ttl 60\n        fallthrough\n    }\n}\n");
        Assert.That(Of(config, DiagnosticCodes.UnknownOption), Is.Empty);
    }

    [TestCase("prometheus 9153", "plugin/prometheus: address 9153: missing port in address")]
    [TestCase("health 8080", "plugin/health: address 8080: missing port in address")]
    [TestCase("cache 0", "plugin/cache: cache TTL can not be zero or negative: 0")]
    [TestCase("errors stderr", "plugin/errors: invalid log file: stderr")]
    [TestCase("forward . 8.8.8.8 {\n        policy least_conn\n    }", "plugin/forward: unknown policy 'least_conn'")]
    [TestCase("forward .", "plugin/forward: Wrong argument count or unexpected line ending after '.'")]
    public void Validate_ArgumentSetupRefuses_IsAnError(string lines, string words)
    {
        var config = Read($".:53 {{\n    kubernetes cluster.local\n    {lines}\n}}\n");
        Assert.That(Of(config, DiagnosticCodes.InvalidArgument).Single().Message, Does.Contain(words));
    }

    [Test]
    public void Validate_KubernetesWithOnlyReverseZones_IsRefused()
    {
        // Talos renders "kubernetes  in-addr.arpa ip6.arpa" when the cluster domain is empty.
        var config = Read(".:53 {\n    kubernetes  in-addr.arpa ip6.arpa {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n}\n");
        Assert.That(Of(config, DiagnosticCodes.InvalidArgument).Single().Message, Does.Contain("plugin/kubernetes: non-reverse zone name must be used"));
    }

    [Test]
    public void Validate_SameZoneTwiceOnAnotherPort_IsRefused()
    {
        // core/dnsserver/register.go: "cannot serve dns://example.org.:5353 - it is already defined".
        var config = Read(Corefiles.Kubeadm() + "lab.corp:5353 {\n    forward . 10.0.0.1\n}\nlab.corp:5353 {\n    forward . 10.0.0.2\n}\n");
        Assert.That(Of(config, DiagnosticCodes.DuplicateZone).Single().Message, Does.Contain("cannot serve dns://lab.corp.:5353 - it is already defined"));
    }

    [Test]
    public void Validate_SameZoneBoundToDisjointAddresses_Loads()
    {
        var config = Read(Corefiles.Kubeadm() + "lab.corp {\n    bind 10.0.0.10\n    forward . 10.0.0.1\n}\n" +
            "lab.corp {\n    bind 10.0.0.11\n    forward . 10.0.0.2\n}\n");
        Assert.That(config.Errors, Is.Empty);
    }

    [Test]
    public void Validate_PortOnlyKey_IsAWarningReadAsTheRoot()
    {
        var config = Read(":53 {\n    kubernetes cluster.local\n    forward . 8.8.8.8\n}\n");
        Assert.Multiple(() =>
        {
            Assert.That(config.Errors, Is.Empty);
            Assert.That(Of(config, DiagnosticCodes.InvalidServerKey).Single().Severity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(config.RootUpstreams, Is.EqualTo(new[] { "8.8.8.8" }));
        });
    }

    [Test]
    public void Read_AnyInput_SaysWhichReleaseItWasCheckedAgainstAndWhy()
    {
        var config = ClusterDnsReader.Read(Corefiles.Inputs(Corefiles.Kubeadm()) with
        {
            CoreDnsVersion = new CoreDnsVersion(1, 11, 3),
            CoreDnsVersionReason = "the image registry.k8s.io/coredns/coredns:v1.11.3 of Deployment kube-system/coredns",
        });
        var note = Of(config, DiagnosticCodes.CoreDnsVersion).Single();
        Assert.Multiple(() =>
        {
            Assert.That(note.Severity, Is.EqualTo(DiagnosticSeverity.Info));
            Assert.That(note.Message, Is.EqualTo(
                "checked against CoreDNS 1.11.3: the image registry.k8s.io/coredns/coredns:v1.11.3 of Deployment kube-system/coredns."));
        });
    }

    [Test]
    public void Read_NoCorefileAndNoKubeDns_IsAnErrorSayingWhatWasExpected()
    {
        var config = ClusterDnsReader.Read(new ClusterDnsInputs { NoCorefileAdvice = "the inputs held a document without kind" });
        var error = Of(config, DiagnosticCodes.NoCorefile).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(error.Message, Does.Contain("expected CoreDNS's ConfigMap (kind: ConfigMap, with a 'Corefile' key)")
                .And.Contain("the inputs held a document without kind"));
        });
    }

    [Test]
    public void Read_CoreDnsConfigMapWithoutCorefileKey_IsAnError()
    {
        var config = ClusterDnsReader.Read(new ClusterDnsInputs { CoreDns = Corefiles.ConfigMap("coredns", ("Corefile.bak", "x")) });
        Assert.That(Of(config, DiagnosticCodes.NoCorefile).Single().Severity, Is.EqualTo(DiagnosticSeverity.Error));
    }

    [Test]
    public void Read_ImportFromAnUngivenConfigMap_WarnsAndSaysWhatToPass()
    {
        var config = ClusterDnsReader.Read(Corefiles.Inputs(Corefiles.Kubeadm() + "import custom/*.server\n") with
        {
            MissingConfigMapAdvice = "pass it with -f coredns-custom.yaml ({dir})",
        });
        var warning = Of(config, DiagnosticCodes.ImportNotFound).Single();
        Assert.Multiple(() =>
        {
            Assert.That(warning.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
            Assert.That(warning.Message, Does.Contain("stub domains among them").And.Contain("pass it with -f coredns-custom.yaml (/etc/coredns/custom)"));
        });
    }

    [Test]
    public void Read_ImportFromAConfigMapKnownAbsentOrWithoutMatchingKey_IsOnlyInfo()
    {
        var absent = ClusterDnsReader.Read(
            Corefiles.Inputs(Corefiles.Kubeadm() + "import custom/*.server\n") with { AbsentMountPaths = ["/etc/coredns/custom"] });
        var noKey = Corefiles.Read(Corefiles.Kubeadm() + "import custom/*.server\n", ("log.override", "log"));
        Assert.Multiple(() =>
        {
            Assert.That(Of(absent, DiagnosticCodes.ImportNotFound).Single().Severity, Is.EqualTo(DiagnosticSeverity.Info));
            Assert.That(Of(noKey, DiagnosticCodes.ImportNotFound).Single().Severity, Is.EqualTo(DiagnosticSeverity.Info));
            Assert.That(Of(noKey, DiagnosticCodes.ImportNotFound).Single().Message, Does.Contain("ConfigMap kube-system/coredns-custom has no key it matches"));
        });
    }

    [Test]
    public void EnsureLoadable_RefusedConfig_ThrowsTheFirstErrorLocatedLikeASyntaxError()
    {
        var text = ".:53 {\n    kubernetes cluster.local {\n        upstream\n    }\n    proxy . 8.8.8.8\n}\n";
        var error = Assert.Throws<CorefileException>(() => Read(text).EnsureLoadable());
        Assert.Multiple(() =>
        {
            Assert.That(error!.Position, Is.EqualTo(new SourcePosition("Corefile", 3, 9)));
            Assert.That(error.Message, Does.StartWith("Corefile:3:9: CoreDNS 1.14.4 refuses to load this Corefile").And.Contain("(and 1 more: Corefile:5:5:"));
        });
    }

    [Test]
    public void EnsureLoadable_ConfigCoreDnsLoads_ReturnsItself()
    {
        var config = Corefiles.Read(Corefiles.Kubeadm() + Corefiles.SomeCorp);
        Assert.That(config.EnsureLoadable(), Is.SameAs(config));
    }
}
