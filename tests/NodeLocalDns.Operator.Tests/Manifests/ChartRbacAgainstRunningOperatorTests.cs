using System.Text.Json.Nodes;
using k8s.Models;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Operator.Hosting;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Manifests;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The chart's RBAC against what the operator really does: the whole operator (leader election, informers, reconcile,
/// events, lease release) runs against the API server through a full lifecycle, and every request it made must be
/// allowed by the rendered ClusterRole, or by the Role in the release namespace. The cluster is seeded and changed
/// through the server's test hooks, not over HTTP, so every recorded request is the operator's.
/// </summary>
public sealed class ChartRbacAgainstRunningOperatorTests
{
    private const string ReleaseNamespace = "nodelocal-system";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Test]
    public async Task RunningOperator_FullLifecycle_EveryRequestIsAllowedByTheChartsRbac()
    {
        await using var server = await TestKubeApiServer.StartAsync();
        Seed(server);
        var objects = ChartTests.Objects();
        var clusterRules = objects.OfType<V1ClusterRole>().Single().Rules;
        var leaseRules = objects.OfType<V1Role>().Single().Rules;
        var leaseName = objects.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single().Args.SkipWhile(a => a != "--lease-name").ElementAt(1);

        var app = OperatorHost.Build(
            new OperatorRunOptions
            {
                LeaderElect = true,
                LeaderElectionNamespace = ReleaseNamespace,
                LeaseName = leaseName,
                LeaseDuration = TimeSpan.FromSeconds(3),
                MetricsAddress = "127.0.0.1:0",
                HealthAddress = string.Empty,
            },
            server.CreateClient());
        var run = app.RunAsync();
        try
        {
            await LiveThroughALifecycleAsync(server);
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await run.WaitAsync(TimeSpan.FromSeconds(20));
            await app.DisposeAsync();
        }

        var requests = server.Requests.Where(r => r.IsResourceRequest).ToList();
        var denied = requests
            .Where(r => !PolicyRules.Allows(clusterRules, r.Group ?? string.Empty, r.ResourcePath!, r.Verb, r.Name)
                && !(r.Namespace == ReleaseNamespace && PolicyRules.Allows(leaseRules, r.Group ?? string.Empty, r.ResourcePath!, r.Verb, r.Name)))
            .Select(r => $"{r.Verb} {r.Group}/{r.ResourcePath} {r.Namespace}/{r.Name}")
            .Distinct()
            .ToList();
        var seen = requests.Select(r => new ApiPermission(r.Group ?? string.Empty, r.ResourcePath!, r.Verb)).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(denied, Is.Empty, "requests the chart's RBAC would forbid");
            Assert.That(seen.Where(p => !OperatorPermissions.ClusterWide.Contains(p) && !OperatorPermissions.LeaderElection.Contains(p)), Is.Empty, "requests missing from OperatorPermissions (update it and the chart)");
            Assert.That(seen, Is.SupersetOf(new[]
            {
                new ApiPermission("dns.nodelocal.io", "nodelocaldnses", "watch"),
                new ApiPermission("dns.nodelocal.io", "nodelocaldnses/status", "update"),
                new ApiPermission("apps", "daemonsets", "create"),
                new ApiPermission(string.Empty, "configmaps", "update"),
                new ApiPermission(string.Empty, "events", "create"),
                new ApiPermission("coordination.k8s.io", "leases", "create"),
                new ApiPermission("coordination.k8s.io", "leases", "update"),
            }), "the lifecycle exercised the operator's main calls");
        });
    }

    private static void Seed(TestKubeApiServer server)
    {
        server.PutObject(File.ReadAllText(TestData.Repo("charts", "nodelocal-operator", "crds", CrdGenerator.FileName)));
        server.PutObject($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ReleaseNamespace}}}\n");
        server.PutObject("""
            apiVersion: v1
            kind: Service
            metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
            spec:
              clusterIP: 10.96.0.10
              selector: {k8s-app: kube-dns}
              ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
            """);
        SetCorefile(server, Corefiles.Kubeadm() + Corefiles.SomeCorp);
        server.PutObject(File.ReadAllText(TestData.Repo("crds", "samples", "nodelocaldns-default.yaml")));
    }

    private static void SetCorefile(TestKubeApiServer server, string corefile) =>
        server.PutObject(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "coredns", ["namespace"] = "kube-system" },
            ["data"] = new JsonObject { ["Corefile"] = corefile },
        });

    /// <summary>Create, become Available, follow a Corefile change, recreate a deleted child.</summary>
    private static async Task LiveThroughALifecycleAsync(TestKubeApiServer server)
    {
        JsonObject? DaemonSet() => server.GetObject("apps/v1", "DaemonSet", "kube-system", "node-local-dns");
        string? Corefile() => server.GetObject("v1", "ConfigMap", "kube-system", "node-local-dns")?["data"]?["Corefile"]?.GetValue<string>();
        string? Available() => server.GetObject("dns.nodelocal.io/v1alpha1", "NodeLocalDns", null, "default")?["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Available")?["status"]?.GetValue<string>();

        Assert.That(await Eventually.HoldsAsync(() => DaemonSet() is not null, Soon), Is.True, "the operator created the DaemonSet");

        var daemonSet = DaemonSet()!;
        var generation = daemonSet["metadata"]!["generation"]!.GetValue<long>();
        daemonSet["status"] = new JsonObject
        {
            ["desiredNumberScheduled"] = 3,
            ["currentNumberScheduled"] = 3,
            ["updatedNumberScheduled"] = 3,
            ["numberReady"] = 3,
            ["numberAvailable"] = 3,
            ["numberMisscheduled"] = 0,
            ["observedGeneration"] = generation,
        };
        server.PutObject(daemonSet);
        Assert.That(await Eventually.HoldsAsync(() => Available() == "True", Soon), Is.True, "Available");

        SetCorefile(server, Corefiles.Kubeadm() + Corefiles.SomeCorp + "other.corp:53 {\n    forward . 10.9.9.9\n}\n");
        Assert.That(await Eventually.HoldsAsync(() => Corefile()?.Contains("other.corp", StringComparison.Ordinal) == true, Soon), Is.True, "ConfigMap updated");

        server.DeleteObject("apps/v1", "DaemonSet", "kube-system", "node-local-dns");
        Assert.That(await Eventually.HoldsAsync(() => DaemonSet() is not null, Soon), Is.True, "DaemonSet recreated");
    }
}
