namespace NodeLocalDns.Operator.Hosting;

/// <summary>How <c>nodelocal-operator run</c> runs.</summary>
public sealed record OperatorRunOptions
{
    /// <summary>A kubeconfig file; null means in-cluster config when in a pod, else <c>KUBECONFIG</c> or <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Run only while holding the Lease (for more than one replica).</summary>
    public bool LeaderElect { get; init; }

    /// <summary>The Lease's namespace.</summary>
    public string LeaderElectionNamespace { get; init; } = "kube-system";

    /// <summary>The Lease's name.</summary>
    public string LeaseName { get; init; } = "nodelocal-operator";

    /// <summary>This replica's identity in the Lease (default: host name plus a random suffix).</summary>
    public string? Identity { get; init; }

    /// <summary>Lease duration (renew deadline and retry period scale with it: 2/3 and 2/15).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Namespaces whose ConfigMaps, Services, ServiceAccounts and DaemonSets are watched (objects elsewhere are read directly).</summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = ["kube-system"];

    /// <summary>Where <c>/metrics</c> is served (<c>host:port</c>, <c>:port</c>, or empty for none).</summary>
    public string MetricsAddress { get; init; } = ":8080";

    /// <summary>Where <c>/healthz</c> and <c>/readyz</c> are served.</summary>
    public string HealthAddress { get; init; } = ":8081";

    /// <summary>How long an informer's lists and watches may all fail before <c>/readyz</c> says the replica is not ready (its cache is stale).</summary>
    public TimeSpan StuckInformerAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Text, or JSON lines for log collectors.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>Every NodeLocalDns is reconciled at least this often, as a safety net against missed events.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);
}
