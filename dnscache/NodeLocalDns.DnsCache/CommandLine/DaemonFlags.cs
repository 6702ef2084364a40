using System.Net;

namespace NodeLocalDns.DnsCache.CommandLine;

/// <summary>
/// What the daemon was asked to do, with node-cache's defaults (its <c>main.go</c> and CoreDNS's
/// <c>coremain</c> flags). Filled by <see cref="DaemonCommandLine.Parse"/>; see <c>dnscache/README.md</c>
/// for each flag's meaning.
/// </summary>
internal sealed class DaemonFlags
{
    /// <summary>The node-local addresses (<c>-localip</c>): put on the interface, protected by the rules.</summary>
    public List<IPAddress> LocalIps { get; } = [];

    /// <summary><c>-conf</c>: the Corefile to serve (written first when a base Corefile template is used).</summary>
    public string? ConfigPath { get; set; }

    /// <summary><c>-basecorefile</c>: node-cache's <c>__PILLAR__</c> template, rendered into <see cref="ConfigPath"/> when it exists.</summary>
    public string BaseCorefile { get; set; } = "/etc/coredns/Corefile.base";

    /// <summary>Whether <c>-basecorefile</c> was given (a missing default is normal; a missing given file is an error).</summary>
    public bool BaseCorefileGiven { get; set; }

    /// <summary><c>-kubednscm</c>: where the legacy kube-dns ConfigMap is mounted (empty: <c>/etc/kube-dns</c> when it exists).</summary>
    public string KubeDnsConfigDirectory { get; set; } = string.Empty;

    /// <summary><c>-upstreamsvc</c>: the Service whose ClusterIP replaces <c>__PILLAR__CLUSTER__DNS__</c>.</summary>
    public string UpstreamService { get; set; } = "kube-dns";

    /// <summary><c>-setupinterface</c>.</summary>
    public bool SetupInterface { get; set; } = true;

    /// <summary>Whether <c>-setupinterface</c> was given explicitly.</summary>
    public bool SetupInterfaceGiven { get; set; }

    /// <summary><c>-interfacename</c>.</summary>
    public string InterfaceName { get; set; } = "nodelocaldns";

    /// <summary><c>-setupiptables</c>.</summary>
    public bool SetupIptables { get; set; } = true;

    /// <summary>Whether <c>-setupiptables</c> was given explicitly.</summary>
    public bool SetupIptablesGiven { get; set; }

    /// <summary><c>-setupnftables</c>: the rules as a native nftables table (kube-proxy's nftables mode).</summary>
    public bool SetupNftables { get; set; }

    /// <summary><c>-skipteardown</c>.</summary>
    public bool SkipTeardown { get; set; }

    /// <summary><c>-syncinterval</c>: how often the interface and rules are checked and re-added.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>-health-port</c>: protected by NOTRACK rules for kubelet's probes (the listener is the Corefile's <c>health</c>).</summary>
    public int HealthPort { get; set; } = 8080;

    /// <summary><c>-metrics-listen-address</c>: node set-up metrics; null turns them off (<c>-metrics-listen-address=</c>).</summary>
    public IPEndPoint? MetricsListenAddress { get; set; } = new(IPAddress.Any, 9353);

    /// <summary><c>-pidfile</c>: written once the DNS listeners are up.</summary>
    public string? PidFile { get; set; }

    /// <summary><c>-dns.port</c>/<c>-p</c>: the port of server blocks that give none, and of the rules.</summary>
    public int DnsPort { get; set; } = 53;

    /// <summary><c>-reloadwithsignal</c>: after rendering the base Corefile, reload at once instead of waiting for <c>reload</c>.</summary>
    public bool ReloadWithSignal { get; set; }

    /// <summary><c>-quiet</c>.</summary>
    public bool Quiet { get; set; }

    /// <summary><c>-version</c>.</summary>
    public bool Version { get; set; }

    /// <summary><c>-instancedir</c>: the node-wide registry of running instances (a hostPath), for surge hand-over.</summary>
    public string InstanceDirectory { get; set; } = "/run/nodelocaldns";

    /// <summary><c>-probesocket</c>: the pod-local Unix socket that exec probes ask.</summary>
    public string ProbeSocket { get; set; } = "/run/dnscache/probe.sock";

    /// <summary><c>-probe live|ready</c>: ask the running daemon of this pod instead of serving.</summary>
    public string? Probe { get; set; }

    /// <summary>Whether any node set-up is asked for and possible (local IPs given).</summary>
    public bool ManagesNode => LocalIps.Count > 0 && (SetupInterface || SetupIptables || SetupNftables);
}
