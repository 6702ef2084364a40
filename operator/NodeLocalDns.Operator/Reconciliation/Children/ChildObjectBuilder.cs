using System.Globalization;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Rendering;

namespace NodeLocalDns.Operator.Reconciliation.Children;

/// <summary>
/// Builds the desired child objects of a NodeLocalDns. Pure: the same owner, spec, kube-dns Service and
/// Corefile give the same objects, field for field, so comparing them with what exists tells whether a
/// write is needed at all.
/// </summary>
public static class ChildObjectBuilder
{
    /// <summary>The default tolerations: the addon's, so the cache runs on every node, tainted or not.</summary>
    public static IReadOnlyList<V1Toleration> DefaultTolerations { get; } =
    [
        new() { Key = "CriticalAddonsOnly", OperatorProperty = "Exists" },
        new() { Effect = "NoExecute", OperatorProperty = "Exists" },
        new() { Effect = "NoSchedule", OperatorProperty = "Exists" },
    ];

    /// <summary>
    /// Every child of <paramref name="owner"/>: the ServiceAccount and <c>kube-dns-upstream</c> (the kube-dns Service's
    /// selector and DNS ports), and, when there is a <paramref name="corefile"/> to serve, the objects that serve it.
    /// </summary>
    public static ChildObjects Build(V1Alpha1NodeLocalDns owner, IReadOnlyList<string> localIps, V1Service kubeDnsService, string? corefile)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var ns = owner.Spec.Namespace;
        return new ChildObjects(
            ServiceAccount(owner, ns),
            UpstreamService(owner, ns, kubeDnsService),
            corefile is null ? null : NodeCache(owner, ns, localIps, kubeDnsService, corefile));
    }

    /// <summary>
    /// The daemon's flags: node-cache's, for this NodeLocalDns's kube-proxy mode. Every address the Corefile binds
    /// is a <c>-localip</c> (the interface holds it, the rules protect it); the rules are iptables, or nftables in
    /// nftables mode; set-up errors are served with the other metrics on the Corefile's <c>prometheus</c> port,
    /// so node-cache's extra listener on every host address (9353) stays closed.
    /// </summary>
    public static IReadOnlyList<string> DaemonArgs(NodeLocalDnsSpec spec, IReadOnlyList<string> addresses, string? clusterDnsIp)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(addresses);
        IEnumerable<string> localIps = addresses;
        if (spec.KubeProxyMode.BindsClusterDnsIp() && !string.IsNullOrEmpty(clusterDnsIp))
        {
            localIps = localIps.Append(clusterDnsIp);
        }

        return
        [
            "-localip", string.Join(',', localIps),
            "-conf", $"{ChildNames.CorefileMountPath}/{ChildNames.CorefileKey}",
            "-dns.port", Number(spec.Ports.Dns),
            "-health-port", Number(spec.Ports.Health),
            spec.KubeProxyMode.RulesFlag(),
            "-metrics-listen-address=",
            "-instancedir", ChildNames.InstanceDirectory,
            "-probesocket", ProbeSocket,
        ];
    }

    private static string ProbeSocket => $"{ChildNames.ProbeDirectory}/probe.sock";

    private static NodeCacheObjects NodeCache(V1Alpha1NodeLocalDns owner, string ns, IReadOnlyList<string> localIps, V1Service kubeDnsService, string corefile)
    {
        return new NodeCacheObjects(
            ConfigMap(owner, ns, corefile),
            DaemonSet(owner, ns, localIps, kubeDnsService),
            MetricsService(owner, ns),
            ConfigHash.Of(corefile));
    }

    private static V1ObjectMeta Metadata(V1Alpha1NodeLocalDns owner, string ns, string name, string component) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Labels = ChildLabels.For(component),
        OwnerReferences = [ControllerReference.To(owner)],
    };

    /// <summary>The ServiceAccount the pods run as (they need no API access).</summary>
    private static V1ServiceAccount ServiceAccount(V1Alpha1NodeLocalDns owner, string ns) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Metadata(owner, ns, ChildNames.NodeLocalDns, "cache"),
        AutomountServiceAccountToken = false,
    };

    /// <summary>
    /// <c>kube-dns-upstream</c>: the same pods and ports as the kube-dns Service under another ClusterIP,
    /// because in iptables mode the cache answers on the kube-dns IP itself and needs another way in.
    /// </summary>
    private static V1Service UpstreamService(V1Alpha1NodeLocalDns owner, string ns, V1Service kubeDnsService)
    {
        ArgumentNullException.ThrowIfNull(kubeDnsService);
        var selector = kubeDnsService.Spec?.Selector is { Count: > 0 } s
            ? new Dictionary<string, string>(s)
            : new Dictionary<string, string> { ["k8s-app"] = "kube-dns" };
        var ports = (kubeDnsService.Spec?.Ports ?? [])
            .Where(p => p.Port == 53)
            .Select(p => new V1ServicePort { Name = p.Name, Port = 53, Protocol = p.Protocol ?? "UDP", TargetPort = p.TargetPort ?? 53 })
            .ToList();
        if (ports.Count == 0)
        {
            ports =
            [
                new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP", TargetPort = 53 },
                new V1ServicePort { Name = "dns-tcp", Port = 53, Protocol = "TCP", TargetPort = 53 },
            ];
        }

        var metadata = Metadata(owner, ns, ChildNames.KubeDnsUpstream, "upstream");
        metadata.Labels["kubernetes.io/name"] = "KubeDNSUpstream";
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = metadata,
            // The same IP families as kube-dns: on a dual-stack or IPv6 cluster the cache must reach CoreDNS in the
            // family it forwards in, which the server's single-stack IPv4 default would not give.
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = selector,
                Ports = ports,
                IpFamilyPolicy = kubeDnsService.Spec?.IpFamilyPolicy,
                IpFamilies = kubeDnsService.Spec?.IpFamilies is { Count: > 0 } families ? [.. families] : null,
            },
        };
    }

    /// <summary>The ConfigMap holding the rendered Corefile.</summary>
    private static V1ConfigMap ConfigMap(V1Alpha1NodeLocalDns owner, string ns, string corefile) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = Metadata(owner, ns, ChildNames.NodeLocalDns, "config"),
        Data = new Dictionary<string, string> { [ChildNames.CorefileKey] = corefile },
    };

    /// <summary>The headless Service Prometheus discovers the pods through.</summary>
    private static V1Service MetricsService(V1Alpha1NodeLocalDns owner, string ns)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var metadata = Metadata(owner, ns, ChildNames.NodeLocalDns, "metrics");
        metadata.Annotations = new Dictionary<string, string>
        {
            ["prometheus.io/port"] = Number(owner.Spec.Ports.Metrics),
            ["prometheus.io/scrape"] = "true",
        };
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = metadata,
            Spec = new V1ServiceSpec
            {
                ClusterIP = "None",
                Selector = new Dictionary<string, string>(ChildLabels.Selector),
                Ports = [new V1ServicePort { Name = "metrics", Port = owner.Spec.Ports.Metrics, Protocol = "TCP", TargetPort = owner.Spec.Ports.Metrics }],
            },
        };
    }

    /// <summary>
    /// The DaemonSet: the daemon on the host network (it must own the node's link-local address and, in
    /// iptables and nftables mode, answer on the kube-dns IP), with its own resolv.conf (dnsPolicy Default, or
    /// it would ask itself), NET_ADMIN only (interface and NOTRACK rules), the xtables lock shared with
    /// kube-proxy, the node's instance registry for surge hand-overs, and exec probes that ask the pod's own
    /// process. The pod template carries nothing of the Corefile: a config change reaches the pods through
    /// the mounted ConfigMap and the <c>reload</c> directive, so it never rolls them (a cold cache on every
    /// node, one node at a time).
    /// </summary>
    private static V1DaemonSet DaemonSet(V1Alpha1NodeLocalDns owner, string ns, IReadOnlyList<string> localIps, V1Service kubeDnsService)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var spec = owner.Spec;
        var daemon = spec.Daemon;
        // The user's labels and annotations first, so the operator's keys (the selector, the scrape hints) always win.
        var podLabels = new Dictionary<string, string>(daemon.PodLabels ?? []);
        foreach (var (key, value) in ChildLabels.Selector)
        {
            podLabels[key] = value;
        }

        podLabels["app.kubernetes.io/name"] = ChildNames.NodeLocalDns;
        podLabels[ChildLabels.ManagedBy] = ChildLabels.ManagedByValue;
        var podAnnotations = new Dictionary<string, string>(daemon.PodAnnotations ?? [])
        {
            ["prometheus.io/port"] = Number(spec.Ports.Metrics),
            ["prometheus.io/scrape"] = "true",
        };
        var container = new V1Container
        {
            Name = "dnscache",
            Image = daemon.Image,
            ImagePullPolicy = daemon.ImagePullPolicy,
            Args = [.. DaemonArgs(spec, localIps, kubeDnsService.Spec?.ClusterIP)],

            // No GC settings here: the daemon's binary carries its 4 MiB gen0 budget (dnscache/README.md, "Memory"), so an
            // image swapped into the stock addon's manifest keeps it too. The Corefile's prometheus line may name the
            // node's own address ({$NODE_IP}); the daemon expands it.
            Env =
            [
                new V1EnvVar
                {
                    Name = NodeCacheSettings.NodeIpVariable,
                    ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.hostIP" } },
                },
            ],
            Resources = daemon.Resources ?? new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("25m"), ["memory"] = new("32Mi") },
            },
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                Capabilities = new V1Capabilities { Add = ["NET_ADMIN"] },
            },

            // No container ports: on the host network they become host ports, and the scheduler would never
            // place the surge pod of a rollout beside the old one (kubernetes/dns#667). The daemon binds its
            // DNS sockets with SO_REUSEPORT, so old and new pods serve side by side until the old one stops.
            // Probes are exec probes for the same reason: during a surge both pods listen on the node's
            // health port, and an HTTP probe of the new pod could be answered by the old one.
            LivenessProbe = new V1Probe
            {
                Exec = new V1ExecAction { Command = [ChildNames.DaemonBinary, "-probe", "live", "-probesocket", ProbeSocket] },
                InitialDelaySeconds = 10,
                PeriodSeconds = 10,
                TimeoutSeconds = 5,
            },
            ReadinessProbe = new V1Probe
            {
                Exec = new V1ExecAction { Command = [ChildNames.DaemonBinary, "-probe", "ready", "-probesocket", ProbeSocket] },
                PeriodSeconds = 3,
                TimeoutSeconds = 3,
            },
            VolumeMounts =
            [
                new V1VolumeMount { Name = "config-volume", MountPath = ChildNames.CorefileMountPath, ReadOnlyProperty = true },
                new V1VolumeMount { Name = "xtables-lock", MountPath = "/run/xtables.lock" },
                new V1VolumeMount { Name = "instances", MountPath = ChildNames.InstanceDirectory },
                new V1VolumeMount { Name = "probe", MountPath = ChildNames.ProbeDirectory },
            ],
        };

        return new V1DaemonSet
        {
            ApiVersion = "apps/v1",
            Kind = "DaemonSet",
            Metadata = Metadata(owner, ns, ChildNames.NodeLocalDns, "cache"),
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(ChildLabels.Selector) },
                UpdateStrategy = new V1DaemonSetUpdateStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDaemonSet
                    {
                        MaxSurge = daemon.UpdateStrategy.MaxSurge,
                        MaxUnavailable = daemon.UpdateStrategy.MaxUnavailable,
                    },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = podLabels,
                        Annotations = podAnnotations,
                    },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = ChildNames.NodeLocalDns,
                        AutomountServiceAccountToken = false,
                        PriorityClassName = daemon.PriorityClassName,
                        HostNetwork = true,
                        DnsPolicy = "Default",
                        NodeSelector = daemon.NodeSelector is { Count: > 0 } selector
                            ? new Dictionary<string, string>(selector)
                            : new Dictionary<string, string> { ["kubernetes.io/os"] = "linux" },
                        Tolerations = daemon.Tolerations is { } tolerations ? [.. tolerations] : [.. DefaultTolerations],
                        Affinity = daemon.Affinity,
                        ImagePullSecrets = daemon.ImagePullSecrets is { Count: > 0 } secrets ? [.. secrets] : null,
                        SecurityContext = new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        Containers = [container],
                        Volumes =
                        [
                            new V1Volume
                            {
                                Name = "config-volume",
                                ConfigMap = new V1ConfigMapVolumeSource
                                {
                                    Name = ChildNames.NodeLocalDns,
                                    Items = [new V1KeyToPath { Key = ChildNames.CorefileKey, Path = ChildNames.CorefileKey }],
                                },
                            },
                            new V1Volume { Name = "xtables-lock", HostPath = new V1HostPathVolumeSource { Path = "/run/xtables.lock", Type = "FileOrCreate" } },
                            new V1Volume
                            {
                                Name = "instances",
                                HostPath = new V1HostPathVolumeSource { Path = ChildNames.InstanceDirectory, Type = "DirectoryOrCreate" },
                            },
                            new V1Volume { Name = "probe", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory" } },
                        ],
                    },
                },
            },
        };
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
