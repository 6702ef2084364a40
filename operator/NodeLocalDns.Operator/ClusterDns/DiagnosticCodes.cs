namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>The codes diagnostics carry; stable, because scripts and status conditions match on them.</summary>
public static class DiagnosticCodes
{
    /// <summary>A block listens on another port or transport, so queries sent to cluster DNS never reach it.</summary>
    public const string UnreachableBlock = "UnreachableBlock";

    /// <summary>An upstream is not an address node-cache can forward to (host name, placeholder, redacted).</summary>
    public const string UnusableUpstream = "UnusableUpstream";

    /// <summary>A zone lost all its upstreams; it is routed to cluster DNS instead.</summary>
    public const string NoUsableUpstream = "NoUsableUpstream";

    /// <summary>The same zone is defined more than once; the first definition is used.</summary>
    public const string DuplicateZone = "DuplicateZone";

    /// <summary>A <c>forward ZONE ...</c> line inside the root block, carried over as a stub domain.</summary>
    public const string ForwardInRootBlock = "ForwardInRootBlock";

    /// <summary>The legacy <c>proxy</c> plugin, read as <c>forward</c>.</summary>
    public const string LegacyProxy = "LegacyProxy";

    /// <summary>CoreDNS answers these names itself; they are routed to cluster DNS.</summary>
    public const string AnsweredByCoreDns = "AnsweredByCoreDns";

    /// <summary>CoreDNS changes answers in a way that cannot be enumerated; only routing everything through cluster DNS keeps it.</summary>
    public const string NeedsClusterDnsUpstream = "NeedsClusterDnsUpstream";

    /// <summary>A stub domain the node cache sends through cluster DNS because it cannot reach its servers itself (DNS over TLS).</summary>
    public const string ForwardedViaClusterDns = "ForwardedViaClusterDns";

    /// <summary>A zone name that is not valid, or a forward FROM that can never match; the line is ignored.</summary>
    public const string InvalidZone = "InvalidZone";

    /// <summary>A forward option node-cache does not carry over.</summary>
    public const string OptionDropped = "OptionDropped";

    /// <summary>No <c>kubernetes</c> plugin was found; the cluster domain is assumed.</summary>
    public const string ClusterDomainAssumed = "ClusterDomainAssumed";

    /// <summary>The legacy kube-dns ConfigMap has an invalid entry.</summary>
    public const string InvalidKubeDnsConfig = "InvalidKubeDnsConfig";

    /// <summary>The kube-dns and CoreDNS configs disagree; CoreDNS's wins.</summary>
    public const string ConflictingConfig = "ConflictingConfig";

    /// <summary>The Corefile imports a file that the inputs do not hold.</summary>
    public const string ImportNotFound = "ImportNotFound";

    /// <summary>An input document is not a ConfigMap the operator reads.</summary>
    public const string InputIgnored = "InputIgnored";

    /// <summary>No Corefile (and no kube-dns ConfigMap) among the inputs: there is nothing to read.</summary>
    public const string NoCorefile = "NoCorefile";

    /// <summary>Which CoreDNS release the config was checked against, and why that one.</summary>
    public const string CoreDnsVersion = "CoreDnsVersion";

    /// <summary>A directive CoreDNS's build does not have (Caddy's <c>Unknown directive</c>); CoreDNS refuses the Corefile.</summary>
    public const string UnknownDirective = "UnknownDirective";

    /// <summary>An option a plugin's block does not accept (in this CoreDNS release); CoreDNS refuses the Corefile.</summary>
    public const string UnknownOption = "UnknownOption";

    /// <summary>A second instance of a plugin that allows one per server block (<c>plugin.ErrOnce</c>); CoreDNS refuses the Corefile.</summary>
    public const string DuplicatePlugin = "DuplicatePlugin";

    /// <summary>A plugin argument its <c>setup.go</c> refuses (an address without port, a zero TTL, an unknown policy…).</summary>
    public const string InvalidArgument = "InvalidArgument";

    /// <summary>A forward target CoreDNS refuses to load (neither IP[:port] nor a file, or a host name that cannot resolve).</summary>
    public const string InvalidUpstream = "InvalidUpstream";

    /// <summary>A server key CoreDNS refuses (not a domain name by its rules).</summary>
    public const string InvalidServerKey = "InvalidServerKey";

    /// <summary>A zone that is a template placeholder (<c>&lt;domain&gt;</c>, <c>__DNS__DOMAIN__</c>, <c>${VAR}</c>): CoreDNS loads it as written, which cannot be what was meant.</summary>
    public const string PlaceholderZone = "PlaceholderZone";

    /// <summary>A value CoreDNS takes from its pod's environment (<c>{$VAR}</c>), unknown outside that pod.</summary>
    public const string EnvironmentPlaceholder = "EnvironmentPlaceholder";

    /// <summary>A forward that never receives a query, because an earlier forward in the same block takes all of its names.</summary>
    public const string UnreachedForward = "UnreachedForward";
}
