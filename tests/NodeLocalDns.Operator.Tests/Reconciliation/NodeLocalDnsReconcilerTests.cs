using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Rendering;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Reconciliation;

/// <summary>The reconciler against the in-process API server with the real client (each reconcile driven directly).</summary>
public sealed class NodeLocalDnsReconcilerTests
{
    private static string Seed => Corefiles.Kubeadm() + Corefiles.SomeCorp;

    private static V1Condition Condition(V1Alpha1NodeLocalDns nld, string type) =>
        nld.Status!.Conditions.Single(c => c.Type == type);

    [Test]
    public async Task Reconcile_NewNodeLocalDns_CreatesEveryChildWithTheRightContent()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        var owner = await cluster.CreateNodeLocalDnsAsync();

        await cluster.ReconcileAsync();

        var client = cluster.Client;
        var sa = await client.CoreV1.ReadNamespacedServiceAccountAsync("node-local-dns", "kube-system");
        var upstream = await client.CoreV1.ReadNamespacedServiceAsync("kube-dns-upstream", "kube-system");
        var configMap = await client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system");
        var daemonSet = await client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");
        var metrics = await client.CoreV1.ReadNamespacedServiceAsync("node-local-dns", "kube-system");
        var corefile = configMap.Data["Corefile"];
        var pod = daemonSet.Spec.Template.Spec;
        Assert.Multiple(() =>
        {
            foreach (var metadata in new[] { sa.Metadata, upstream.Metadata, configMap.Metadata, daemonSet.Metadata, metrics.Metadata })
            {
                Assert.That(metadata.OwnerReferences.Single(), Has.Property("Uid").EqualTo(owner.Metadata.Uid).And.Property("Controller").EqualTo(true));
            }

            Assert.That(upstream.Spec.ClusterIP, Is.Not.Null.And.Not.EqualTo(OperatorTestCluster.KubeDnsIp));
            Assert.That(upstream.Spec.Selector, Is.EqualTo(new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }));
            Assert.That(upstream.Spec.Ports.Select(p => $"{p.Protocol}/{p.Port}"), Is.EquivalentTo(new[] { "UDP/53", "TCP/53" }));
            Assert.That(corefile, Does.Contain("bind 169.254.20.10 10.96.0.10"));
            Assert.That(corefile, Does.Contain($"forward . {upstream.Spec.ClusterIP} {{"));
            Assert.That(corefile, Does.Contain("some.corp:53 {").And.Contain("forward . 10.1.2.3 10.4.5.6"));
            Assert.That(() => RenderedCorefileValidator.Validate(corefile), Throws.Nothing);
            Assert.That(pod.HostNetwork, Is.True);
            Assert.That(pod.DnsPolicy, Is.EqualTo("Default"));
            Assert.That(pod.PriorityClassName, Is.EqualTo("system-node-critical"));
            Assert.That(pod.Containers.Single().SecurityContext.Capabilities.Add, Is.EqualTo(new[] { "NET_ADMIN" }));
            Assert.That(pod.Containers.Single().LivenessProbe.Exec.Command,
                Is.EqualTo(new[] { "/usr/local/bin/dnscache", "-probe", "live", "-probesocket", "/run/dnscache/probe.sock" }));
            Assert.That(pod.Containers.Single().ReadinessProbe.Exec.Command,
                Is.EqualTo(new[] { "/usr/local/bin/dnscache", "-probe", "ready", "-probesocket", "/run/dnscache/probe.sock" }));
            Assert.That(pod.Containers.Single().Args, Is.EqualTo(new[]
            {
                "-localip", "169.254.20.10,10.96.0.10", "-conf", "/etc/coredns/Corefile", "-dns.port", "53", "-health-port", "8080",
                "-setupiptables", "-metrics-listen-address=", "-instancedir", "/run/nodelocaldns", "-probesocket", "/run/dnscache/probe.sock",
            }));
            Assert.That(pod.Volumes.Select(v => v.Name), Is.EquivalentTo(new[] { "config-volume", "xtables-lock", "instances", "probe" }));
            Assert.That(pod.Volumes.Single(v => v.Name == "instances").HostPath.Path, Is.EqualTo("/run/nodelocaldns"));
            Assert.That(corefile, Does.Contain("health 169.254.20.10:8080 {\n        lameduck 5s\n    }"));
            Assert.That(pod.Tolerations.Select(t => t.Key ?? t.Effect), Is.EquivalentTo(new[] { "CriticalAddonsOnly", "NoExecute", "NoSchedule" }));
            Assert.That(daemonSet.Spec.UpdateStrategy.RollingUpdate.MaxSurge.Value, Is.EqualTo("10%"));
            Assert.That(daemonSet.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value, Is.EqualTo("0"));
            Assert.That(metrics.Spec.ClusterIP, Is.EqualTo("None"));
            Assert.That(pod.Containers.Single().Ports, Is.Null.Or.Empty, "host ports would block surge rollouts");
            Assert.That(pod.Containers.Single().Env.Select(e => e.Name), Has.None.StartsWith("DOTNET_"), "the daemon's binary carries its GC settings");
        });
    }

    [Test]
    public async Task Reconcile_BeforePodsAreReady_IsProgressingNotAvailable_ThenAvailableWhenKubeletReports()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        var before = await cluster.GetNodeLocalDnsAsync();
        await cluster.MarkDaemonSetRolledOutAsync(nodes: 3);
        await cluster.ReconcileAsync();
        var after = await cluster.GetNodeLocalDnsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Condition(before, ConditionTypes.Available).Status, Is.EqualTo("False"));
            Assert.That(Condition(before, ConditionTypes.Progressing).Status, Is.EqualTo("True"));
            Assert.That(Condition(before, ConditionTypes.ConfigValid).Status, Is.EqualTo("True"));
            Assert.That(Condition(after, ConditionTypes.Available).Status, Is.EqualTo("True"));
            Assert.That(Condition(after, ConditionTypes.Progressing).Status, Is.EqualTo("False"));
            Assert.That(Condition(after, ConditionTypes.Degraded).Status, Is.EqualTo("False"));
            Assert.That(after.Status!.ReadyNodes, Is.EqualTo("3/3"));
            Assert.That(after.Status.ObservedGeneration, Is.EqualTo(after.Metadata.Generation));
            Assert.That(after.Status.StubDomains.Select(s => (s.Zone, string.Join(' ', s.Servers))), Is.EqualTo(new[] { ("some.corp", "10.1.2.3 10.4.5.6") }));
            Assert.That(after.Status.StubDomainCount, Is.EqualTo(1));
            Assert.That(after.Status.UpstreamIp, Is.Not.Null);
            Assert.That(after.Status.ClusterDnsIp, Is.EqualTo(OperatorTestCluster.KubeDnsIp));
        });
    }

    [Test]
    public async Task Reconcile_UnchangedCluster_WritesNothing()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        await cluster.MarkDaemonSetRolledOutAsync(nodes: 2);
        await cluster.ReconcileAsync();

        cluster.Server.ResetWriteCounts();
        for (var i = 0; i < 3; i++)
        {
            await cluster.ReconcileAsync();
        }

        Assert.That(cluster.Server.WriteCounts, Is.Empty, string.Join(", ", cluster.Server.WriteCounts.Select(w => $"{w.Key}={w.Value}")));
    }

    [Test]
    public async Task Reconcile_PodPlacementAndMetadataInTheSpec_ReachThePodTemplate_AndTheSelectorLabelsStayTheOperators()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync(configure: spec =>
        {
            spec.Daemon.ImagePullSecrets = [new V1LocalObjectReference { Name = "registry-mirror" }];
            spec.Daemon.PodLabels = new Dictionary<string, string> { ["team"] = "platform-dns" };
            spec.Daemon.PodAnnotations = new Dictionary<string, string> { ["fluentbit.io/parser"] = "coredns" };
            spec.Daemon.Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                        [
                            new V1NodeSelectorTerm
                            {
                                MatchExpressions =
                                [
                                    new V1NodeSelectorRequirement
                                    {
                                        Key = "eks.amazonaws.com/compute-type",
                                        OperatorProperty = "NotIn",
                                        Values = ["fargate"],
                                    },
                                ],
                            },
                        ],
                    },
                },
            };
        });
        await cluster.ReconcileAsync();
        await cluster.MarkDaemonSetRolledOutAsync(nodes: 2);
        await cluster.ReconcileAsync();

        var daemonSet = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");
        var template = daemonSet.Spec.Template;
        cluster.Server.ResetWriteCounts();
        await cluster.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(template.Spec.ImagePullSecrets.Select(s => s.Name), Is.EqualTo(new[] { "registry-mirror" }));
            Assert.That(template.Metadata.Labels, Does.ContainKey("team").WithValue("platform-dns"));
            Assert.That(template.Metadata.Labels, Does.ContainKey("k8s-app").WithValue("node-local-dns"), "the selector label");
            Assert.That(template.Metadata.Annotations, Does.ContainKey("fluentbit.io/parser").WithValue("coredns"));
            Assert.That(template.Metadata.Annotations, Does.ContainKey("prometheus.io/scrape").WithValue("true"));
            Assert.That(
                template.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
                    .Single().MatchExpressions.Single().Values,
                Is.EqualTo(new[] { "fargate" }));
            Assert.That(cluster.Server.WriteCounts, Is.Empty, "nothing to write once they are in place");
        });
    }

    [Test]
    public async Task Reconcile_CorefileGainsAStubDomain_ConfigMapAndStatusFollow_AndThePodsAreNotRolled()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        var before = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");

        await cluster.SetCorefileAsync(Seed + "other.corp:53 {\n    forward . 10.9.9.9\n}\n");
        await cluster.ReconcileAsync();

        var corefile = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"];
        var after = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");
        var status = (await cluster.GetNodeLocalDnsAsync()).Status!;
        Assert.Multiple(() =>
        {
            Assert.That(corefile, Does.Contain("other.corp:53 {").And.Contain("forward . 10.9.9.9"));
            Assert.That(status.StubDomains.Select(s => s.Zone), Is.EqualTo(new[] { "other.corp", "some.corp" }));
            Assert.That(status.ConfigHash, Is.EqualTo(ConfigHash.Of(corefile)));

            // kubelet refreshes the mounted Corefile and `reload` applies it: the pod template, and so the pods, stay.
            Assert.That(after.Metadata.Generation, Is.EqualTo(before.Metadata.Generation), "a DaemonSet spec change would roll every node");
            Assert.That(after.Metadata.ResourceVersion, Is.EqualTo(before.Metadata.ResourceVersion));
        });
    }

    [Test]
    public async Task Reconcile_BrokenCorefile_ReportsTheLocatedErrorAndKeepsTheLastGoodConfig()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        var good = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"];

        var broken = Seed + "broken.corp:53 {\n    forward . 10.9.9.9\n";
        await cluster.SetCorefileAsync(broken);
        await cluster.ReconcileAsync();

        var kept = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"];
        var nld = await cluster.GetNodeLocalDnsAsync();
        var configValid = Condition(nld, ConditionTypes.ConfigValid);
        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(good));
            Assert.That(configValid.Status, Is.EqualTo("False"));
            Assert.That(configValid.Reason, Is.EqualTo(ConditionReasons.InvalidClusterDnsConfig));
            Assert.That(configValid.Message, Does.StartWith(
                $"kube-system/coredns: Corefile:{Corefiles.LineOf(broken, "broken.corp")}:16: the block opened here is never closed"));
            Assert.That(nld.Status!.StubDomains.Select(s => s.Zone), Is.EqualTo(new[] { "some.corp" }));
        });
    }

    [Test]
    public async Task Reconcile_BrokenCorefileAfterRestart_LeavesTheConfigMapAlone()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        var good = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"];
        await cluster.SetCorefileAsync("this { is broken");

        // A fresh reconciler has no memory of the last good config: the ConfigMap is the memory.
        await cluster.NewReconciler().ReconcileAsync(ObjectKey.Cluster("default"), CancellationToken.None);

        Assert.That((await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"], Is.EqualTo(good));
    }

    [Test]
    public async Task Reconcile_BrokenCorefileFromTheStart_ServesTheClusterDomainAnyway()
    {
        await using var cluster = await OperatorTestCluster.StartAsync("garbage {");
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        var corefile = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"];
        Assert.Multiple(async () =>
        {
            Assert.That(corefile, Does.Contain("cluster.local:53 {").And.Contain(".:53 {"));
            Assert.That(Condition(await cluster.GetNodeLocalDnsAsync(), ConditionTypes.ConfigValid).Status, Is.EqualTo("False"));
        });
    }

    [Test]
    public async Task Reconcile_SomeoneEditsTheConfigMap_IsRepaired()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        var configMap = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system");
        var good = configMap.Data["Corefile"];
        configMap.Data["Corefile"] = ".:53 {\n    forward . 8.8.8.8\n}\n";
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(configMap, "node-local-dns", "kube-system");

        await cluster.ReconcileAsync();

        Assert.That((await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"], Is.EqualTo(good));
    }

    [Test]
    public async Task Reconcile_MissingKubeDnsService_IsDegradedAndWaits()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.Client.CoreV1.DeleteNamespacedServiceAsync("kube-dns", "kube-system");
        await cluster.CreateNodeLocalDnsAsync();

        var result = await cluster.ReconcileAsync();

        var nld = await cluster.GetNodeLocalDnsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(result.RequeueAfter, Is.Not.Null);
            Assert.That(Condition(nld, ConditionTypes.Degraded).Reason,
                Does.Contain(ConditionReasons.NoKubeDnsService).Or.EqualTo(ConditionReasons.DegradedConditions));
            Assert.That(Condition(nld, ConditionTypes.Degraded).Message, Does.Contain("kube-dns Service is missing"));
        });
        Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system"));
    }

    [Test]
    public async Task Reconcile_UnusableSpec_IsDegradedWithInvalidSpec()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        // The schema cannot tell a resolver name from an address in upstream.servers; the renderer can.
        await cluster.CreateNodeLocalDnsAsync(configure: spec => spec.Upstream = new UpstreamSpec { Mode = UpstreamMode.Servers, Servers = ["dns.google"] });

        await cluster.ReconcileAsync();

        var degraded = Condition(await cluster.GetNodeLocalDnsAsync(), ConditionTypes.Degraded);
        Assert.Multiple(() =>
        {
            Assert.That(degraded.Status, Is.EqualTo("True"));
            Assert.That(degraded.Reason, Is.EqualTo(ConditionReasons.InvalidSpec));
            Assert.That(degraded.Message, Does.Contain("must be IP addresses"));
        });
    }

    [Test]
    public async Task Reconcile_SecondNodeLocalDns_LeavesTheFirstOnesObjectsAlone()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync("first");
        await cluster.ReconcileAsync("first");
        await cluster.CreateNodeLocalDnsAsync("second", spec => spec.StubDomains.Routing = StubRouting.ViaClusterDns);

        await cluster.ReconcileAsync("second");

        var second = await cluster.GetNodeLocalDnsAsync("second");
        var corefile = (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"];
        Assert.Multiple(() =>
        {
            Assert.That(Condition(second, ConditionTypes.Degraded).Message, Does.Contain("controlled by another owner"));
            Assert.That(corefile, Does.Contain("forward . 10.1.2.3 10.4.5.6"), "the first one's Direct routing is kept");
        });
    }

    [Test]
    public async Task Delete_NodeLocalDns_GarbageCollectsItsChildren()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();

        await cluster.Client.CustomObjects.DeleteClusterCustomObjectAsync(
            V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural, "default");
        await cluster.ReconcileAsync();

        Assert.That(await Eventually.HoldsAsync(async () =>
        {
            var daemonSets = await cluster.Client.AppsV1.ListNamespacedDaemonSetAsync("kube-system");
            var configMaps = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("kube-system");
            var services = await cluster.Client.CoreV1.ListNamespacedServiceAsync("kube-system");
            return daemonSets.Items.Count == 0
                && configMaps.Items.All(c => c.Name() != "node-local-dns")
                && services.Items.Select(s => s.Name()).SequenceEqual(["kube-dns"]);
        }, TimeSpan.FromSeconds(5)), Is.True);
    }

    [Test]
    public async Task Reconcile_TransientApiErrors_AreRetriedWithinTheReconcile()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        using (cluster.Server.InjectFault(r => r.IsWrite && r.Resource == "configmaps", statusCode: 503, times: 2))
        {
            await cluster.ReconcileAsync();
        }

        Assert.That((await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"], Does.Contain("some.corp:53"));
    }

    [Test]
    public async Task Reconcile_ConflictStorm_NeverSetsDegradedNorRecordsAWarningAndConverges()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        await cluster.MarkDaemonSetRolledOutAsync(nodes: 2);
        await cluster.ReconcileAsync();
        await cluster.SetCorefileAsync(Seed + "other.corp:53 {\n    forward . 10.9.9.9\n}\n");

        // Every write to the node-cache ConfigMap and to the status loses a race, five times over.
        var results = new List<ReconcileResult>();
        using (cluster.Server.InjectFault(r => r.IsWrite && (r.Resource == "configmaps" || r.Resource == "nodelocaldnses"), statusCode: 409, times: 5))
        {
            for (var i = 0; i < 5; i++)
            {
                results.Add(await cluster.ReconcileAsync());
                Assert.That(Condition(await cluster.GetNodeLocalDnsAsync(), ConditionTypes.Degraded).Status, Is.EqualTo("False"),
                    $"after conflicting reconcile {i + 1}");
            }
        }

        await cluster.ReconcileAsync();
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync("default");
        Assert.Multiple(async () =>
        {
            Assert.That(results.Select(r => r.RequeueAfter), Is.All.EqualTo(NodeLocalDnsReconciler.ConflictRetry),
                "a conflict requeues soon, with fresh state");
            Assert.That(events.Items.Where(e => e.Type == "Warning").Select(e => $"{e.Reason}: {e.Message}"), Is.Empty);
            Assert.That((await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system")).Data["Corefile"],
                Does.Contain("other.corp:53"));
            Assert.That(Condition(await cluster.GetNodeLocalDnsAsync(), ConditionTypes.Degraded).Status, Is.EqualTo("False"));
        });
    }

    [Test]
    public async Task Reconcile_UnchangedClusterWithAMutatingWebhook_WritesNothing()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);

        // What a policy engine or sidecar injector does to every DaemonSet written: a toleration and an env var more.
        using var webhook = cluster.Server.AddMutatingAdmission("daemonsets", daemonSet =>
        {
            var pod = daemonSet["spec"]!["template"]!["spec"]!.AsObject();
            var tolerations = pod["tolerations"] as JsonArray ?? [];
            if (!tolerations.Any(t => t?["key"]?.GetValue<string>() == "policy.example.com/audited"))
            {
                tolerations.Add(new JsonObject { ["key"] = "policy.example.com/audited", ["operator"] = "Exists" });
            }

            pod["tolerations"] = tolerations;
            var container = pod["containers"]![0]!.AsObject();
            var env = container["env"] as JsonArray ?? [];
            if (!env.Any(e => e?["name"]?.GetValue<string>() == "INJECTED_BY_POLICY"))
            {
                env.Add(new JsonObject { ["name"] = "INJECTED_BY_POLICY", ["value"] = "1" });
            }

            container["env"] = env;
        });
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        await cluster.MarkDaemonSetRolledOutAsync(nodes: 2);
        await cluster.ReconcileAsync();

        cluster.Server.ResetWriteCounts();
        for (var i = 0; i < 3; i++)
        {
            await cluster.ReconcileAsync();
        }

        var pod = (await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system")).Spec.Template.Spec;
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Server.WriteCounts, Is.Empty, string.Join(", ", cluster.Server.WriteCounts.Select(w => $"{w.Key}={w.Value}")));
            Assert.That(pod.Tolerations.Select(t => t.Key), Does.Contain("policy.example.com/audited"), "the webhook's toleration stays");
            Assert.That(pod.Tolerations.Select(t => t.Key ?? t.Effect), Is.SupersetOf(new[] { "CriticalAddonsOnly", "NoExecute", "NoSchedule" }));
        });
    }

    [Test]
    public async Task Reconcile_SomeoneReplacesTheTolerations_TheOperatorsAreRepaired()
    {
        await using var cluster = await OperatorTestCluster.StartAsync(Seed);
        await cluster.CreateNodeLocalDnsAsync();
        await cluster.ReconcileAsync();
        var daemonSet = await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");
        daemonSet.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = "team.example.com/dns", OperatorProperty = "Exists" }];
        await cluster.Client.AppsV1.ReplaceNamespacedDaemonSetAsync(daemonSet, "node-local-dns", "kube-system");

        await cluster.ReconcileAsync();

        var tolerations = (await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system")).Spec.Template.Spec.Tolerations;
        Assert.That(tolerations.Select(t => t.Key ?? t.Effect), Is.SupersetOf(new[] { "CriticalAddonsOnly", "NoExecute", "NoSchedule" }));
    }
}
