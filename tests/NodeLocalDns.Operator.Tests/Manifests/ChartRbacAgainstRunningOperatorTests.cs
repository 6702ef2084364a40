using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Hosting;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Operator.Tests.Support.Manifests;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The chart's RBAC, rendered by the real helm, against what a running operator actually requests, both ways. The whole
/// operator (leader election, informers, reconcile, events, lease release) runs with the rendered Deployment's arguments
/// through a lifecycle that takes every path that writes: adopting a hand-made install (update; a DaemonSet the
/// informer's selector misses, so its create finds the name taken and reads it back), the deletion guard (patch of the
/// finalizers), drift repaired by server-side apply (patch), children re-created after deletion (create), events, and a
/// confirmed deletion. Every request must be allowed by a rule bound to the operator's ServiceAccount, in the request's
/// namespace; every granted permission must have been used, but for the few listed in <see cref="NotExercised"/> with
/// the reason no lifecycle can use them. The cluster is seeded and changed through the server's test hooks, not over
/// HTTP, so every recorded request is the operator's.
/// </summary>
[Category(TestCategories.Helm)]
public sealed class ChartRbacAgainstRunningOperatorTests
{
    private const string ReleaseNamespace = "nodelocal-system";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    /// <summary>Granted and never requested in the lifecycle, each for a reason no test cluster can produce.</summary>
    private static readonly Dictionary<string, string> NotExercised = new(StringComparer.Ordinal)
    {
        ["update dns.nodelocal.io/nodelocaldnses/finalizers (cluster-wide)"] =
            "checked by the OwnerReferencesPermissionEnforcement admission plugin when a child with blockOwnerDeletion is created; no request goes to it",
        ["get core/configmaps/node-local-dns in kube-system"] =
            "a create that finds the name taken reads it back; the ConfigMap informer caches every ConfigMap, " +
            "so only a lost create answer leads here",
        ["get core/serviceaccounts/node-local-dns in kube-system"] = "as for the ConfigMap: the ServiceAccount informer selects this name",
        ["get core/services/node-local-dns in kube-system"] = "as for the ConfigMap: the Service informer caches every Service",
        ["get core/services/kube-dns-upstream in kube-system"] = "as for the ConfigMap: the Service informer caches every Service",
    };

    [Test]
    public async Task RunningOperator_FullLifecycle_RequestsAndTheChartsRbacMatchBothWays()
    {
        var objects = ManifestObjects.Load(await HelmBinary.TemplateAsync(ReleaseNamespace));
        var deployment = objects.OfType<V1Deployment>().Single();
        var serviceAccount = deployment.Spec.Template.Spec.ServiceAccountName;
        var grants = RbacGrants.For(objects, ReleaseNamespace, serviceAccount);
        var args = deployment.Spec.Template.Spec.Containers.Single().Args;
        string Arg(string flag) => args.SkipWhile(a => a != flag).ElementAt(1);

        await using var server = await TestKubeApiServer.StartAsync();
        Seed(server);
        var host = OperatorHost.Build(
            new OperatorRunOptions
            {
                LeaderElect = args.Contains("--leader-elect"),
                LeaderElectionNamespace = Arg("--leader-election-namespace"),
                LeaseName = Arg("--lease-name"),
                LeaseDuration = TimeSpan.FromSeconds(3),
                WatchNamespaces = [.. args.Select((a, i) => (a, i)).Where(p => p.a == "--watch-namespace").Select(p => args[p.i + 1])],
                MetricsAddress = "127.0.0.1:0",
                HealthAddress = string.Empty,
            },
            server.CreateClient());
        var run = Task.Run(() => host.RunAsync(CancellationToken.None));
        try
        {
            await LiveThroughALifecycleAsync(server);
        }
        finally
        {
            await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await run.WaitAsync(TimeSpan.FromSeconds(20));
            await host.DisposeAsync();
        }

        var requests = server.Requests.Where(r => r.IsResourceRequest).ToList();
        var denied = requests.Where(r => !grants.Allows(r)).Select(r => $"{r.Verb} {r.Group}/{r.ResourcePath} {r.Namespace}/{r.Name}").Distinct().ToList();
        var unused = grants.All.Where(g => !requests.Any(r => RbacGrants.Matches(g, r))).Select(g => g.ToString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(denied, Is.Empty, "requests the chart's RBAC would forbid");
            Assert.That(unused.Where(u => !NotExercised.ContainsKey(u)), Is.Empty, "granted, never requested: drop it from the chart");
            Assert.That(NotExercised.Keys.Where(k => !unused.Contains(k)), Is.Empty,
                "listed as not exercised, but used (or no longer granted): update the list");
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

        // A node cache installed by hand from the addon manifest: nothing manages it, so it can be adopted. Its
        // DaemonSet has no labels of its own, so the node-cache informer does not see it.
        var addon = File.ReadAllText(TestData.Shared("installs", "nodelocaldns-addon.yaml"));
        foreach (var document in YamlValues.ParseAll(addon).OfType<Dictionary<string, object?>>())
        {
            var obj = JsonNode.Parse(JsonSerializer.Serialize(document))!.AsObject();
            (obj["metadata"]!["labels"] as JsonObject)?.Remove("addonmanager.kubernetes.io/mode");
            if (obj["kind"]!.GetValue<string>() == "DaemonSet")
            {
                obj["metadata"]!.AsObject().Remove("labels");
            }

            server.PutObject(obj);
        }

        server.PutObject("""
            apiVersion: dns.nodelocal.io/v1alpha1
            kind: NodeLocalDns
            metadata: {name: default}
            spec: {kubeProxyMode: ipvs, adoptExistingObjects: true}
            """);
    }

    private static void SetCorefile(TestKubeApiServer server, string corefile) =>
        server.PutObject(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "coredns", ["namespace"] = "kube-system" },
            ["data"] = new JsonObject { ["Corefile"] = corefile },
        });

    private static async Task LiveThroughALifecycleAsync(TestKubeApiServer server)
    {
        const string apps = "apps/v1";
        JsonObject? Get(string apiVersion, string kind, string name) => server.GetObject(apiVersion, kind, "kube-system", name);
        JsonObject? NodeLocalDns() => server.GetObject("dns.nodelocal.io/v1alpha1", "NodeLocalDns", null, "default");
        bool Ours(JsonObject? obj) => obj?["metadata"]?["ownerReferences"]?.AsArray().Any(r => r?["kind"]?.GetValue<string>() == "NodeLocalDns") == true;
        string? Condition(string type, string field) => NodeLocalDns()?["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?[field]?.GetValue<string>();
        var children = new[]
        {
            ("v1", "ServiceAccount", "node-local-dns"), ("v1", "Service", "kube-dns-upstream"), ("v1", "ConfigMap", "node-local-dns"),
            (apps, "DaemonSet", "node-local-dns"), ("v1", "Service", "node-local-dns"),
        };

        // Adoption (update) and the deletion guard's finalizer (patch).
        Assert.That(await Eventually.HoldsAsync(() => children.All(c => Ours(Get(c.Item1, c.Item2, c.Item3))), Soon), Is.True,
            "every object of the hand-made install adopted");
        Assert.That(await Eventually.HoldsAsync(
                () => NodeLocalDns()?["metadata"]?["finalizers"]?.AsArray()
                    .Any(f => f?.GetValue<string>() == DeletionProtection.Finalizer) == true,
                Soon),
            Is.True, "guarded in ipvs mode");

        var daemonSet = Get(apps, "DaemonSet", "node-local-dns")!;
        daemonSet["status"] = new JsonObject
        {
            ["desiredNumberScheduled"] = 3,
            ["currentNumberScheduled"] = 3,
            ["updatedNumberScheduled"] = 3,
            ["numberReady"] = 3,
            ["numberAvailable"] = 3,
            ["numberMisscheduled"] = 0,
            ["observedGeneration"] = daemonSet["metadata"]!["generation"]!.GetValue<long>(),
        };
        server.PutObject(daemonSet);
        Assert.That(await Eventually.HoldsAsync(() => Condition(ConditionTypes.Available, "status") == "True", Soon), Is.True, "Available");

        // Drift on every child, repaired by server-side apply (patch).
        SetCorefile(server, Corefiles.Kubeadm() + Corefiles.SomeCorp + "other.corp:53 {\n    forward . 10.9.9.9\n}\n");
        foreach (var (apiVersion, kind, name) in children)
        {
            var drifted = Get(apiVersion, kind, name)!;
            drifted["metadata"]!["labels"]!["app.kubernetes.io/managed-by"] = "someone";
            server.PutObject(drifted);
        }

        Assert.That(await Eventually.HoldsAsync(
                () => children.All(c => Get(c.Item1, c.Item2, c.Item3)?["metadata"]?["labels"]?["app.kubernetes.io/managed-by"]
                    ?.GetValue<string>() == "nodelocal-operator"),
                Soon),
            Is.True, "drift repaired");
        Assert.That(await Eventually.HoldsAsync(
                () => Get("v1", "ConfigMap", "node-local-dns")?["data"]?["Corefile"]?.GetValue<string>()
                    .Contains("other.corp", StringComparison.Ordinal) == true,
                Soon),
            Is.True, "ConfigMap updated");

        // Children deleted by hand are created again (create), one at a time so that each reconcile reads a cache that
        // has seen the deletion (with several in flight, a server-side apply from a stale cache would re-create one).
        foreach (var (apiVersion, kind, name) in children)
        {
            var uid = Get(apiVersion, kind, name)!["metadata"]!["uid"]!.GetValue<string>();
            server.DeleteObject(apiVersion, kind, "kube-system", name);
            Assert.That(await Eventually.HoldsAsync(
                    () => Get(apiVersion, kind, name)?["metadata"]?["uid"]?.GetValue<string>() is { } now && now != uid, Soon),
                Is.True, $"{kind} {name} re-created");
        }

        // A guarded deletion, then its confirmation (the finalizer's removal is a patch too).
        server.DeleteObject("dns.nodelocal.io/v1alpha1", "NodeLocalDns", null, "default");
        Assert.That(await Eventually.HoldsAsync(() => Condition(ConditionTypes.Degraded, "reason") == ConditionReasons.DeletionBlocked, Soon),
            Is.True, "deletion held");
        var held = NodeLocalDns()!;
        held["metadata"]!["annotations"] = new JsonObject { [DeletionProtection.ConfirmAnnotation] = "true" };
        server.PutObject(held);
        Assert.That(await Eventually.HoldsAsync(() => NodeLocalDns() is null, Soon), Is.True, "deletion confirmed");
    }
}
