using System.Globalization;
using System.Net;
using System.Text;
using NodeLocalDns.Corefile.Configuration;

namespace NodeLocalDns.DnsCache.CommandLine;

/// <summary>
/// The daemon's flags: node-cache's, with node-cache's names, defaults and meaning (so the image can be
/// swapped into the stock addon manifest), plus a few of our own for nftables, the surge hand-over and
/// exec probes. Every value is checked here, so a bad one is a single line and exit code 2 before anything
/// touches the node.
/// </summary>
internal static class DaemonCommandLine
{
    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <returns>The flags, or null when help was asked for.</returns>
    /// <exception cref="FlagParseException">An argument cannot be used.</exception>
    public static DaemonFlags? Parse(IReadOnlyList<string> args)
    {
        var flags = new DaemonFlags();
        if (GoFlagParser.Parse(args, Definitions(flags)))
        {
            return null;
        }

        Validate(flags);
        return flags;
    }

    /// <summary>The usage text (Go's <c>flag.PrintDefaults</c> layout).</summary>
    public static string Usage()
    {
        var text = new StringBuilder("Usage of dnscache:\n");
        foreach (var flag in Definitions(new DaemonFlags()))
        {
            text.Append("  -").Append(string.Join(", -", flag.Names));
            if (!flag.IsBool)
            {
                text.Append(' ').Append(flag.ValueName);
            }

            text.Append("\n    \t").Append(flag.Usage);
            if (flag.Default.Length > 0)
            {
                text.Append(" (default ").Append(flag.Default).Append(')');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static FlagDefinition[] Definitions(DaemonFlags f) =>
    [
        new(["localip"], false, "list", string.Empty,
            "comma-separated node-local IPs to serve on, put on the interface and protected by the rules (IPv4 and IPv6)",
            v => LocalIps(f, v)),
        new(["conf"], false, "file", string.Empty, "the Corefile to serve (required)", v => Text(v, s => f.ConfigPath = s)),
        new(["basecorefile"], false, "file", f.BaseCorefile,
            "node-cache template with __PILLAR__ placeholders, rendered into -conf when it exists",
            v => Text(v, s => (f.BaseCorefile, f.BaseCorefileGiven) = (s, true))),
        new(["kubednscm"], false, "dir", "/etc/kube-dns if present",
            "directory of the mounted kube-dns ConfigMap (stubDomains, upstreamNameservers)",
            v => Set(() => f.KubeDnsConfigDirectory = v)),
        new(["upstreamsvc"], false, "name", f.UpstreamService,
            "Service whose ClusterIP (from $<NAME>_SERVICE_HOST) replaces __PILLAR__CLUSTER__DNS__",
            v => Text(v, s => f.UpstreamService = s)),
        new(["setupinterface"], true, string.Empty, "true",
            "create the interface holding -localip and keep its addresses",
            v => Bool(v, b => (f.SetupInterface, f.SetupInterfaceGiven) = (b, true))),
        new(["interfacename"], false, "name", f.InterfaceName, "name of that interface", v => InterfaceName(f, v)),
        new(["setupiptables"], true, string.Empty, "true",
            "install node-cache's NOTRACK/ACCEPT iptables rules (kube-proxy iptables or ipvs mode)",
            v => Bool(v, b => (f.SetupIptables, f.SetupIptablesGiven) = (b, true))),
        new(["setupnftables"], true, string.Empty, "false",
            "install the same rules as a native nftables table (kube-proxy nftables mode); turns -setupiptables off unless it is given",
            v => Bool(v, b => f.SetupNftables = b)),
        new(["skipteardown"], true, string.Empty, "false", "keep the interface and rules on exit", v => Bool(v, b => f.SkipTeardown = b)),
        new(["syncinterval"], false, "interval", "60",
            "how often the interface and rules are checked: seconds (60) or a duration (30s, 1m)",
            v => SyncInterval(f, v)),
        new(["health-port"], false, "port", "8080",
            "the health port kubelet probes, exempted from conntrack by the rules",
            v => Port(v, p => f.HealthPort = p)),
        new(["metrics-listen-address"], false, "ip:port", "0.0.0.0:9353",
            "where coredns_nodecache_setup_errors_total is served; empty turns it off",
            v => MetricsAddress(f, v)),
        new(["pidfile"], false, "file", string.Empty, "write the process id here once the DNS listeners are up", v => Text(v, s => f.PidFile = s)),
        new(["dns.port", "p"], false, "port", "53", "port of server blocks that give none, and of the rules", v => Port(v, p => f.DnsPort = p)),
        new(["reloadwithsignal"], true, string.Empty, "false",
            "reload as soon as the base Corefile is re-rendered instead of waiting for the reload directive",
            v => Bool(v, b => f.ReloadWithSignal = b)),
        new(["quiet"], true, string.Empty, "false", "log only warnings and errors", v => Bool(v, b => f.Quiet = b)),
        new(["version"], true, string.Empty, "false", "print the version and exit", v => Bool(v, b => f.Version = b)),
        new(["instancedir"], false, "dir", f.InstanceDirectory,
            "node-wide directory (a hostPath) where running instances register, so the last one out tears down",
            v => Text(v, s => f.InstanceDirectory = s)),
        new(["probesocket"], false, "file", f.ProbeSocket, "pod-local Unix socket the exec probes ask", v => Text(v, s => f.ProbeSocket = s)),
        new(["probe"], false, "live|ready", string.Empty,
            "ask this pod's running daemon whether it is live or ready (exit 0 or 1), for exec probes",
            v => v is "live" or "ready" ? Set(() => f.Probe = v) : "must be live or ready"),
    ];

    private static void Validate(DaemonFlags f)
    {
        if (f.SetupNftables && f.SetupIptablesGiven && f.SetupIptables)
        {
            throw new FlagParseException(
                "-setupiptables and -setupnftables both given: pick the one matching kube-proxy's mode " +
                "(nftables mode: -setupnftables; iptables or ipvs: -setupiptables)");
        }

        if (f.SetupNftables && !f.SetupIptablesGiven)
        {
            f.SetupIptables = false;
        }

        if (f.LocalIps.Count == 0 && ((f.SetupInterfaceGiven && f.SetupInterface) || (f.SetupIptablesGiven && f.SetupIptables) || f.SetupNftables))
        {
            throw new FlagParseException("node set-up was asked for but -localip is empty: give the node-local IPs, e.g. -localip 169.254.20.10,10.96.0.10");
        }

        if (f.ConfigPath is null && !f.Version && f.Probe is null)
        {
            throw new FlagParseException("-conf is required: the Corefile to serve (e.g. -conf /etc/Corefile)");
        }
    }

    private static string? LocalIps(DaemonFlags f, string value)
    {
        f.LocalIps.Clear();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            // node-cache's net.ParseIP: plain addresses only, no prefix, no zone, no brackets.
            if (part.Length == 0
                || part.Contains('/', StringComparison.Ordinal)
                || part.Contains('%', StringComparison.Ordinal)
                || !IPAddress.TryParse(part, out var ip))
            {
                return $"'{part}' is not an IP address";
            }

            if (ip.IsIPv4MappedToIPv6)
            {
                ip = ip.MapToIPv4();
            }

            if (f.LocalIps.Contains(ip))
            {
                return $"{ip} is listed twice";
            }

            f.LocalIps.Add(ip);
        }

        return null;
    }

    private static string? InterfaceName(DaemonFlags f, string value)
    {
        // The kernel's dev_valid_name(): at most IFNAMSIZ-1 bytes, no '/', ':' or whitespace, not "." or "..".
        if (value.Length is 0 or > 15 || value is "." or ".." || value.Any(c => c == '/' || c == ':' || char.IsWhiteSpace(c) || c > 0x7e))
        {
            return "not a valid interface name (1 to 15 characters, no '/', ':' or spaces)";
        }

        f.InterfaceName = value;
        return null;
    }

    private static string? SyncInterval(DaemonFlags f, string value)
    {
        // node-cache multiplies its value by a second, so it means plain seconds; a Go duration such as 30s
        // (which node-cache turns into 30e9 seconds) is taken for what it says.
        TimeSpan interval;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= int.MaxValue)
        {
            interval = TimeSpan.FromSeconds(seconds);
        }
        else if (!GoDuration.TryParse(value, out interval))
        {
            return "not a number of seconds or a duration such as 30s";
        }

        if (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromDays(1))
        {
            return "must be between 1s and 24h";
        }

        f.SyncInterval = interval;
        return null;
    }

    private static string? MetricsAddress(DaemonFlags f, string value)
    {
        if (value.Length == 0)
        {
            f.MetricsListenAddress = null;
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0)
        {
            return "expected ip:port, :port or [ipv6]:port";
        }

        var host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            return "an IPv6 address needs brackets: [::]:9353";
        }

        IPAddress address;
        if (host.Length == 0)
        {
            address = IPAddress.Any;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            return $"'{host}' is not an IP address";
        }

        var problem = Port(value[(colon + 1)..], p => f.MetricsListenAddress = new IPEndPoint(address, p));
        return problem;
    }

    private static string? Port(string value, Action<int> set)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return "not a port number (1 to 65535)";
        }

        set(port);
        return null;
    }

    private static string? Bool(string value, Action<bool> set)
    {
        if (GoFlagParser.ParseBool(value) is not { } b)
        {
            return "not a boolean (true or false)";
        }

        set(b);
        return null;
    }

    private static string? Text(string value, Action<string> set)
    {
        if (value.Length == 0)
        {
            return "must not be empty";
        }

        set(value);
        return null;
    }

    private static string? Set(Action set)
    {
        set();
        return null;
    }
}
