using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Operator.Tests.Support.Manifests;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The Helm chart rendered by the real helm: valid YAML, objects that deserialize strictly into their Kubernetes types,
/// the RBAC the operator needs and nothing more, a hardened Deployment whose arguments the operator's <c>run</c> command
/// accepts, and a README that documents every value.
/// </summary>
[Category(TestCategories.Helm)]
public sealed partial class ChartTests
{
    private const string Namespace = "nodelocal-system";

    /// <summary>Every optional part switched on, every list and map filled.</summary>
    private const string EverythingOn = """
        imagePullSecrets: [{name: regcred}]
        podAnnotations: {example.com/team: dns}
        podLabels: {team: dns}
        serviceAccount: {annotations: {example.com/role: operator}}
        tolerations: [{key: CriticalAddonsOnly, operator: Exists}]
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions: [{key: node-role.kubernetes.io/control-plane, operator: DoesNotExist}]
        watchNamespaces: [kube-system, dns]
        metrics: {service: {annotations: {prometheus.io/scrape: "true"}}}
        nodeLocalDns:
          create: true
          annotations: {example.com/owner: platform}
          spec: {kubeProxyMode: ipvs, stubDomains: {routing: ViaClusterDNS}, cache: {denialTTL: 10}}
        """;

    private static readonly HelmChart Chart = HelmChart.Operator();

    private static IEnumerable<TestCaseData> TemplatesWithValues() =>
        from name in Chart.TemplateNames
        from values in new[]
        {
            ("defaults", (string?)null),
            ("everything on", EverythingOn),
            ("everything off",
                "rbac: {create: false}\nserviceAccount: {create: false}\nleaderElection: {enabled: false}\nreplicas: 1\n" +
                "metrics: {service: {enabled: false}}\npriorityClassName: \"\"\nnodeSelector: {}\n"),
        }
        select new TestCaseData(name, values.Item2).SetArgDisplayNames(name, values.Item1);

    /// <summary>The rendered manifests as Kubernetes objects, strictly (an unknown or misspelt field throws; see <see cref="ManifestObjects"/>).</summary>
    internal static List<object> Objects(string? overrides = null) =>
        ManifestObjects.Load(Chart.RenderManifests(releaseNamespace: Namespace, overrides: overrides));

    internal static T Single<T>(string? overrides = null) => Objects(overrides).OfType<T>().Single();

    [Test]
    public void ChartYaml_Metadata_IsHelm3ChartAtVersion010()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Chart.Metadata["apiVersion"], Is.EqualTo("v2"));
            Assert.That(Chart.Metadata["name"], Is.EqualTo("nodelocal-operator"));
            Assert.That(Chart.Metadata["version"], Is.EqualTo("0.1.0"));
            Assert.That(Chart.Metadata["appVersion"], Is.EqualTo("0.1.0"), "a quoted string, as Helm requires");
            Assert.That(Chart.Metadata["type"], Is.EqualTo("application"));
        });
    }

    [TestCaseSource(nameof(TemplatesWithValues))]
    public void Template_Rendered_IsValidYamlOfNamedKubernetesObjects(string template, string? overrides)
    {
        var text = Chart.Render(releaseNamespace: Namespace, overrides: overrides)[template];
        if (!template.EndsWith(".yaml", StringComparison.Ordinal))
        {
            Assert.That(text, Does.Not.Contain("{{").And.Not.Contain("<no value>"));
            return;
        }

        var documents = YamlValues.ParseAll(text).Where(d => d is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("{{"));
            Assert.That(text, Does.Not.Contain("\t"), "tabs are not YAML indentation");
            foreach (var document in documents)
            {
                Assert.That(YamlValues.At(document, "apiVersion"), Is.InstanceOf<string>(), template);
                Assert.That(YamlValues.At(document, "kind"), Is.InstanceOf<string>(), template);
                Assert.That(YamlValues.At(document, "metadata.name") as string, Does.Match("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"), template);
                var labels = YamlValues.At(document, "metadata.labels") as Dictionary<string, object?>;
                Assert.That(labels?.GetValueOrDefault("app.kubernetes.io/managed-by"), Is.EqualTo("Helm"), template);
                Assert.That(labels!.Values, Has.All.InstanceOf<string>(), "label values are strings");
            }
        });
    }

    [TestCase(null)]
    [TestCase(EverythingOn)]
    public void Manifests_Rendered_DeserializeStrictlyIntoTheirKubernetesTypes(string? overrides)
    {
        var objects = Objects(overrides);
        Assert.Multiple(() =>
        {
            Assert.That(objects.Select(o => o.GetType().Name), Is.SupersetOf(new[]
            {
                nameof(V1ServiceAccount), nameof(V1ClusterRole), nameof(V1ClusterRoleBinding), nameof(V1Role), nameof(V1RoleBinding),
                nameof(V1Deployment), nameof(V1Service),
            }));
            // Roles and their bindings go where they grant (watched namespaces, the node cache's, default); the rest to the release's.
            foreach (var namespaced in objects.OfType<IKubernetesObject<V1ObjectMeta>>()
                .Where(o => o is not (V1ClusterRole or V1ClusterRoleBinding or V1Alpha1NodeLocalDns or V1Role or V1RoleBinding)))
            {
                Assert.That(namespaced.Metadata.NamespaceProperty, Is.EqualTo(Namespace), $"{namespaced.Kind} {namespaced.Metadata.Name}");
            }

            Assert.That(objects.OfType<V1Role>().Select(r => r.Metadata.NamespaceProperty), Has.All.Not.Null);
        });
    }

    [Test]
    public void Manifests_EverythingOff_OnlyTheDeploymentRemains()
    {
        var objects = Objects("rbac: {create: false}\nserviceAccount: {create: false, name: existing}\n" +
            "metrics: {service: {enabled: false}}\npodDisruptionBudget: {enabled: false}\n");
        Assert.Multiple(() =>
        {
            Assert.That(objects.Select(o => o.GetType()), Is.EqualTo(new[] { typeof(V1Deployment) }));
            Assert.That(objects.OfType<V1Deployment>().Single().Spec.Template.Spec.ServiceAccountName, Is.EqualTo("existing"));
        });
    }

    [TestCase("nodelocal-operator", "nodelocal-operator")]
    [TestCase("dns", "dns-nodelocal-operator")]
    [TestCase("platform-dns-operator-for-the-production-cluster-1", "platform-dns-operator-for-the-production-cluster-1-nodelocal-op")]
    public void Names_ReleaseName_GiveHelmsConventionalFullName(string release, string fullName)
    {
        var deployment = ManifestObjects.Load(Chart.RenderManifests(releaseName: release)).OfType<V1Deployment>().Single();
        Assert.That(deployment.Metadata.Name, Is.EqualTo(fullName));
    }

    [Test]
    public void Deployment_Defaults_RunsTwoLeaderElectedHardenedReplicas()
    {
        var deployment = Single<V1Deployment>();
        var pod = deployment.Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(deployment.Spec.Replicas, Is.EqualTo(2));
            Assert.That(deployment.Spec.Selector.MatchLabels, Is.SubsetOf(deployment.Spec.Template.Metadata.Labels));
            Assert.That(container.Image, Is.EqualTo("ghcr.io/nodelocal-operator/operator:0.1.0"));
            Assert.That(container.Args, Is.EqualTo(new[]
            {
                "run", "--leader-elect", "--leader-election-namespace", Namespace, "--lease-name", "nodelocal-operator", "--lease-duration-seconds", "15",
                "--watch-namespace", "kube-system", "--resync-seconds", "600", "--metrics-address", ":8080", "--health-address", ":8081",
                "--log-format", "text",
            }));
            Assert.That(container.LivenessProbe.HttpGet.Path, Is.EqualTo("/healthz"));
            Assert.That(container.ReadinessProbe.HttpGet.Path, Is.EqualTo("/readyz"));
            Assert.That(container.LivenessProbe.HttpGet.Port.Value, Is.EqualTo("health"));
            Assert.That(container.Ports.Single(p => p.Name == "health").ContainerPort, Is.EqualTo(8081));
            Assert.That(container.Ports.Single(p => p.Name == "metrics").ContainerPort, Is.EqualTo(8080));
            Assert.That(container.Lifecycle?.PreStop, Is.Null, "shutdown is the operator's own SIGTERM handling");
            Assert.That(pod.TerminationGracePeriodSeconds, Is.EqualTo(30));
            Assert.That(pod.PriorityClassName, Is.EqualTo("system-cluster-critical"));
            Assert.That(pod.SecurityContext.RunAsNonRoot, Is.True);
            Assert.That(pod.SecurityContext.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"));
            Assert.That(container.SecurityContext.ReadOnlyRootFilesystem, Is.True);
            Assert.That(container.SecurityContext.AllowPrivilegeEscalation, Is.False);
            Assert.That(container.SecurityContext.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(container.Env.Single(e => e.Name == "Logging__LogLevel__Default").Value, Is.EqualTo("Information"));
            Assert.That(container.Resources.Requests.Keys, Is.EquivalentTo(new[] { "cpu", "memory" }));
            Assert.That(container.Resources.Requests["memory"].ToString(), Is.EqualTo("64Mi"),
                "the loaded RSS make bench measures (about 50 MiB), with a quarter of headroom (operator/README.md)");
            Assert.That(container.VolumeMounts.Single().MountPath, Is.EqualTo("/tmp"), "a writable /tmp beside the read-only root");
            Assert.That(
                pod.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution.Single().PodAffinityTerm.LabelSelector.MatchLabels,
                Is.EqualTo(deployment.Spec.Selector.MatchLabels));
            Assert.That(pod.NodeSelector["kubernetes.io/os"], Is.EqualTo("linux"));
        });
    }

    [Test]
    public void Deployment_Overrides_ReachThePodSpec()
    {
        var pod = Single<V1Deployment>(
            EverythingOn + "\nimage: {tag: 9.9.9}\nlogLevel: Debug\nlogFormat: json\nleaderElection: {leaseName: my-lease}\n").Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(container.Image, Does.EndWith(":9.9.9"));
            Assert.That(container.Env.Single().Value, Is.EqualTo("Debug"));
            Assert.That(container.Args, Is.SupersetOf(new[] { "dns", "my-lease" }));
            Assert.That(string.Join(' ', container.Args), Does.Contain("--log-format json"));
            Assert.That(string.Join(' ', container.Args), Does.Contain("--watch-namespace kube-system --watch-namespace dns"));
            Assert.That(pod.ImagePullSecrets.Single().Name, Is.EqualTo("regcred"));
            Assert.That(pod.Tolerations.Single().Key, Is.EqualTo("CriticalAddonsOnly"));
            Assert.That(pod.Affinity.NodeAffinity, Is.Not.Null);
            Assert.That(pod.Affinity.PodAntiAffinity, Is.Null, "a given affinity replaces the default");
        });
    }

    [TestCase(null)]
    [TestCase(EverythingOn)]
    public void Deployment_ArgsAndEnv_AreYamlStrings(string? overrides)
    {
        // A bare 15 or a namespace such as 123 would be a number, which the API server refuses in a []string.
        var deployment = YamlValues.ParseAll(Chart.Render(releaseNamespace: "123", overrides: overrides)["deployment.yaml"]).Single();
        var container = (YamlValues.At(deployment, "spec.template.spec.containers") as List<object?>)!.Single();
        var args = YamlValues.At(container, "args") as List<object?>;
        var env = (YamlValues.At(container, "env") as List<object?>)!.Select(e => YamlValues.At(e, "value"));
        Assert.Multiple(() =>
        {
            Assert.That(args, Has.All.InstanceOf<string>());
            Assert.That(env, Has.All.InstanceOf<string>());
            Assert.That(args, Does.Contain("123"));
        });
    }

    private static RbacGrants Grants(string? overrides = null) => RbacGrants.For(Objects(overrides), Namespace, "nodelocal-operator");

    [Test]
    public void ClusterRole_Rules_AreOnlyTheClusterScopedNodeLocalDnsResources()
    {
        var clusterWide = Grants().All.Where(g => g.Namespace is null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(clusterWide.Select(g => g.Group).Distinct(), Is.EqualTo(new[] { V1Alpha1NodeLocalDns.ApiGroup }),
                "nothing namespaced is granted in every namespace");
            Assert.That(clusterWide.Select(g => $"{g.Verb} {g.Resource}"), Is.EquivalentTo(new[]
            {
                "list nodelocaldnses", "watch nodelocaldnses", "patch nodelocaldnses", "update nodelocaldnses/status", "update nodelocaldnses/finalizers",
            }));
        });
    }

    [TestCase(null, new[] { "kube-system" }, "kube-system")]
    [TestCase("watchNamespaces: [kube-system, dns]\nnodeCacheNamespace: dns", new[] { "kube-system", "dns" }, "dns")]
    public void Roles_ReadInTheWatchedNamespacesAndWriteTheChildrenByNameInTheNodeCacheNamespace(string? overrides, string[] watched, string nodeCache)
    {
        var grants = Grants(overrides).All.Where(g => g.Namespace is not null).ToList();
        var writes = grants.Where(g => g.Verb is not ("list" or "watch") && g.Resource is not ("leases" or "events" or "deployments")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(grants.Where(g => g.Verb is "list" or "watch").Select(g => g.Namespace).Distinct(), Is.EquivalentTo(watched));
            Assert.That(grants.Where(g => g.Resource == "deployments").Select(g => $"{g.Verb} in {g.Namespace}"),
                Is.EquivalentTo(watched.SelectMany(ns => new[] { $"get in {ns}", $"list in {ns}" })), "CoreDNS's Deployment, read only");
            Assert.That(writes.Select(g => g.Namespace).Distinct(), Is.EqualTo(new[] { nodeCache }));
            Assert.That(writes.Where(g => g.Verb != "create").Select(g => g.ResourceName), Has.All.AnyOf("node-local-dns", "kube-dns-upstream"),
                "get, patch and update by the children's names only");
            Assert.That(grants.Select(g => g.Verb), Has.None.AnyOf("delete", "deletecollection", "*"), "children go by garbage collection");
            Assert.That(grants.Select(g => g.Resource), Has.None.AnyOf("secrets", "*"));
            Assert.That(grants.Where(g => g.Resource == "events").Select(g => $"{g.Verb} in {g.Namespace}"), Is.EqualTo(new[] { "create in default" }));
        });
    }

    [Test]
    public void Role_Lease_IsLimitedToTheConfiguredNameButForCreate()
    {
        var leases = Grants("leaderElection: {leaseName: my-lease}").All.Where(g => g.Resource == "leases").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(leases.Select(g => g.Namespace).Distinct(), Is.EqualTo(new[] { Namespace }));
            Assert.That(leases.Select(g => $"{g.Verb} {g.ResourceName}"), Is.EquivalentTo(new[] { "create ", "get my-lease", "update my-lease" }));
        });
    }

    [Test]
    public void Bindings_Subjects_AreTheChartsServiceAccount()
    {
        var objects = Objects();
        var account = objects.OfType<V1ServiceAccount>().Single();
        var clusterBinding = objects.OfType<V1ClusterRoleBinding>().Single();
        var bindings = objects.OfType<V1RoleBinding>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(clusterBinding.RoleRef.Name, Is.EqualTo(objects.OfType<V1ClusterRole>().Single().Metadata.Name));
            Assert.That(bindings.Select(b => (b.Metadata.NamespaceProperty, b.RoleRef.Name)),
                Is.EquivalentTo(objects.OfType<V1Role>().Select(r => (r.Metadata.NamespaceProperty, r.Metadata.Name))),
                "one binding per Role, in its namespace");
            foreach (var subject in clusterBinding.Subjects.Concat(bindings.SelectMany(b => b.Subjects)))
            {
                Assert.That((subject.Kind, subject.Name, subject.NamespaceProperty), Is.EqualTo(("ServiceAccount", account.Metadata.Name, Namespace)));
            }

            Assert.That(objects.OfType<V1Deployment>().Single().Spec.Template.Spec.ServiceAccountName, Is.EqualTo(account.Metadata.Name));
        });
    }

    [Test]
    public void MetricsService_Selector_MatchesThePodsAndNamesTheMetricsPort()
    {
        var objects = Objects();
        var service = objects.OfType<V1Service>().Single();
        var deployment = objects.OfType<V1Deployment>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(service.Spec.Selector, Is.EqualTo(deployment.Spec.Selector.MatchLabels));
            Assert.That(service.Spec.Ports.Single().TargetPort.Value, Is.EqualTo("metrics"));
            Assert.That(deployment.Spec.Template.Spec.Containers.Single().Ports.Select(p => p.Name), Does.Contain("metrics"));
        });
    }

    [Test]
    public void NodeLocalDns_CreateFalse_IsNotRendered() =>
        Assert.That(Objects().OfType<V1Alpha1NodeLocalDns>(), Is.Empty);

    [TestCase("nodeLocalDns: {create: true}")]
    [TestCase(EverythingOn)]
    public async Task NodeLocalDns_CreateTrue_IsAdmittedByTheApiServerWithTheCrd(string overrides)
    {
        var document = Chart.Render(overrides: overrides)["nodelocaldns.yaml"];
        await using var server = await AdmissionServer.StartAsync();
        var admission = await server.CreateNodeLocalDnsAsync(document);
        var typed = Single<V1Alpha1NodeLocalDns>(overrides);
        Assert.Multiple(() =>
        {
            Assert.That(admission.Accepted, Is.True, admission.Message);
            Assert.That(typed.Metadata.Name, Is.EqualTo("default"));
            Assert.That(typed.Metadata.NamespaceProperty, Is.Null, "cluster-scoped");
        });
    }

    [TestCase("nodeLocalDns: {create: true}")]
    [TestCase("nodeLocalDns: {create: true, annotations: {team: dns}}")]
    public void NodeLocalDns_CreateTrue_IsKeptByHelmUninstall(string overrides)
    {
        // Deleting it takes the node cache off every node: helm uninstall must leave it.
        var annotations = Single<V1Alpha1NodeLocalDns>(overrides).Metadata.Annotations;
        Assert.That(annotations["helm.sh/resource-policy"], Is.EqualTo("keep"));
    }

    [Test]
    public void NodeLocalDns_SpecFromValues_ReachesTheResource()
    {
        var spec = Single<V1Alpha1NodeLocalDns>(EverythingOn).Spec;
        Assert.Multiple(() =>
        {
            Assert.That(spec.KubeProxyMode, Is.EqualTo(KubeProxyMode.Ipvs));
            Assert.That(spec.StubDomains.Routing, Is.EqualTo(StubRouting.ViaClusterDns));
            Assert.That(spec.Cache.DenialTtl, Is.EqualTo(10));
        });
    }

    [TestCase(null, "kubectl apply -f - <<'YAML'")]
    [TestCase(EverythingOn, "kubectl get nodelocaldns default -w")]
    public void Notes_Rendered_TellTheNextStep(string? overrides, string expected)
    {
        var notes = Chart.Render(releaseNamespace: Namespace, overrides: overrides)["NOTES.txt"];
        Assert.Multiple(() =>
        {
            Assert.That(notes, Does.Contain(expected));
            Assert.That(notes, Does.Contain($"kubectl -n {Namespace} get lease nodelocal-operator"));
        });
    }

    [Test]
    public void Readme_ValuesTable_DocumentsEveryValue()
    {
        var readme = File.ReadAllText(Path.Combine(Chart.Directory, "README.md"));
        var valuesSection = readme[readme.IndexOf("## Values", StringComparison.Ordinal)..];
        valuesSection = valuesSection[..valuesSection.IndexOf("\n## ", StringComparison.Ordinal)];
        var documented = ReadmeValueKey().Matches(valuesSection).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var leaves = Leaves(Chart.DefaultValues, string.Empty).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(leaves.Where(key => !documented.Contains(key)), Is.Empty, "values missing from README.md's table");
            Assert.That(documented.Where(key => !leaves.Contains(key)), Is.Empty, "README.md documents values that do not exist");
        });
    }

    [Test]
    public void ChartCrds_Folder_HoldsOnlyTheCrd() =>
        Assert.That(Directory.EnumerateFiles(Path.Combine(Chart.Directory, "crds")).Select(Path.GetFileName),
            Is.EqualTo(new[] { "dns.nodelocal.io_nodelocaldnses.yaml" }));

    /// <summary>Leaf keys of values.yaml as dotted paths; a map that is empty by default, or a list, is one leaf.</summary>
    private static IEnumerable<string> Leaves(object? value, string prefix)
    {
        if (value is Dictionary<string, object?> { Count: > 0 } map && !(prefix.Length > 0 && IsFreeForm(prefix)))
        {
            return map.SelectMany(pair => Leaves(pair.Value, prefix.Length == 0 ? pair.Key : $"{prefix}.{pair.Key}"));
        }

        return [prefix];
    }

    // Maps whose keys are the user's (resources, selectors, security contexts), documented as one value.
    private static bool IsFreeForm(string key) =>
        key is "resources" or "nodeSelector" or "podSecurityContext" or "securityContext" or "monitoring.dashboard.labels";

    [GeneratedRegex(@"^\| `([A-Za-z0-9.]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeValueKey();
}
