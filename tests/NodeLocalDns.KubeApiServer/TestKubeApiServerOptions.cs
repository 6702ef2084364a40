namespace NodeLocalDns.KubeApiServer;

/// <summary>Settings of a <see cref="TestKubeApiServer"/>; the defaults suit controller tests.</summary>
public sealed class TestKubeApiServerOptions
{
    /// <summary>
    /// How many changes are kept for watch replay and exact-version lists (the apiserver's watch cache / etcd
    /// compaction window). A watch from a version older than that gets a 410 Expired ERROR event.
    /// </summary>
    public int WatchHistoryLimit { get; set; } = 10_000;

    /// <summary>How often watches with allowWatchBookmarks=true receive a BOOKMARK (the apiserver sends one about every minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Service cluster IP range.</summary>
    public string ServiceClusterIpRange { get; set; } = "10.96.0.0/12";

    /// <summary>Clock for timestamps and ages (inject a fake one to make AGE columns deterministic).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Reported by <c>/version</c>; kubectl warns when it is more than one minor version away from its own.</summary>
    public string KubernetesVersion { get; set; } = "v1.32.0";

    /// <summary>Create default, kube-system, kube-public and kube-node-lease at start, as every cluster has them.</summary>
    public bool CreateSystemNamespaces { get; set; } = true;

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }
}
