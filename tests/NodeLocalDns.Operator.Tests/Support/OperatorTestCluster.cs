using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.KubeApi;
using NodeLocalDns.Operator.Reconciliation;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>
/// A cluster for reconcile tests: the in-process API server with the NodeLocalDns CRD installed, a
/// kube-dns Service at 10.96.0.10 and kubeadm's CoreDNS ConfigMap with the seed stub domain.
/// </summary>
internal sealed class OperatorTestCluster : IAsyncDisposable
{
    public const string KubeDnsIp = "10.96.0.10";

    private OperatorTestCluster(TestKubeApiServer server, Kubernetes client)
    {
        Server = server;
        Client = client;
        Reconciler = NewReconciler();
    }

    public TestKubeApiServer Server { get; }

    public Kubernetes Client { get; }

    public NodeLocalDnsReconciler Reconciler { get; }

    /// <summary>A reconciler with no memory, as after an operator restart.</summary>
    public NodeLocalDnsReconciler NewReconciler() =>
        new(
            new ApiClusterReader(Client),
            new ChildWriter(Client),
            new EventRecorder(Client, TimeProvider.System, NullLogger<EventRecorder>.Instance),
            TimeProvider.System,
            NullLogger<NodeLocalDnsReconciler>.Instance);

    public static async Task<OperatorTestCluster> StartAsync(string corefile)
    {
        var server = await TestKubeApiServer.StartAsync();
        var client = server.CreateClient();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdGenerator.NodeLocalDns());
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta
            {
                Name = "kube-dns",
                NamespaceProperty = "kube-system",
                Labels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" },
            },
            Spec = new V1ServiceSpec
            {
                ClusterIP = KubeDnsIp,
                Selector = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" },
                Ports =
                [
                    new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP", TargetPort = 53 },
                    new V1ServicePort { Name = "dns-tcp", Port = 53, Protocol = "TCP", TargetPort = 53 },
                    new V1ServicePort { Name = "metrics", Port = 9153, Protocol = "TCP", TargetPort = 9153 },
                ],
            },
        }, "kube-system");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "coredns", NamespaceProperty = "kube-system" },
            Data = new Dictionary<string, string> { ["Corefile"] = corefile },
        }, "kube-system");
        return new OperatorTestCluster(server, client);
    }

    public async Task<V1Alpha1NodeLocalDns> CreateNodeLocalDnsAsync(string name = "default", Action<NodeLocalDnsSpec>? configure = null)
    {
        var spec = new NodeLocalDnsSpec();
        configure?.Invoke(spec);
        var created = await Client.CustomObjects.CreateClusterCustomObjectAsync(
            new V1Alpha1NodeLocalDns { Metadata = new V1ObjectMeta { Name = name }, Spec = spec },
            V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural);
        return KubernetesJson.Deserialize<V1Alpha1NodeLocalDns>(KubernetesJson.Serialize(created));
    }

    public async Task<V1Alpha1NodeLocalDns> GetNodeLocalDnsAsync(string name = "default") =>
        (await new ApiClusterReader(Client).NodeLocalDnsAsync(name, CancellationToken.None))!;

    public Task<ReconcileResult> ReconcileAsync(string name = "default") => Reconciler.ReconcileAsync(ObjectKey.Cluster(name), CancellationToken.None);

    public async Task SetCorefileAsync(string corefile)
    {
        var configMap = await Client.CoreV1.ReadNamespacedConfigMapAsync("coredns", "kube-system");
        configMap.Data["Corefile"] = corefile;
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(configMap, "coredns", "kube-system");
    }

    /// <summary>Plays the DaemonSet controller and kubelet: every desired node runs a ready, current pod.</summary>
    public async Task MarkDaemonSetRolledOutAsync(int nodes, int available = -1)
    {
        var daemonSet = await Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");
        daemonSet.Status = new V1DaemonSetStatus
        {
            DesiredNumberScheduled = nodes,
            CurrentNumberScheduled = nodes,
            UpdatedNumberScheduled = nodes,
            NumberReady = available < 0 ? nodes : available,
            NumberAvailable = available < 0 ? nodes : available,
            NumberMisscheduled = 0,
            ObservedGeneration = daemonSet.Metadata.Generation,
        };
        await Client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(daemonSet, "node-local-dns", "kube-system");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
