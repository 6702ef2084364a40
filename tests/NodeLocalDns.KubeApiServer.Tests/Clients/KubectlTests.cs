using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Tests.Support;
using NodeLocalDns.Testing;

namespace NodeLocalDns.KubeApiServer.Tests.Clients;

/// <summary>The real kubectl (1.32) against the server: discovery, client-side and server-side apply, printing, deletion.</summary>
[Category(TestCategories.Kubectl)]
[TestFixture]
public sealed class KubectlTests : ServerTest
{
    private const string WidgetDefinition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.test
        spec:
          group: example.test
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wdg]
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Available
              type: string
              jsonPath: .status.conditions[?(@.type=="Available")].status
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
        """;

    private Kubectl _kubectl = null!;

    [SetUp]
    public void CreateKubectl() => _kubectl = new Kubectl(Server);

    [TearDown]
    public void DisposeKubectl() => _kubectl.Dispose();

    [Test]
    public async Task Apply_CrdThenCustomResource_CreatesThenPatchesWithMergePatch()
    {
        var crdOutput = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("crd.yaml", WidgetDefinition));
        var createOutput = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("widget.yaml", Widget(size: 3, extra: "  color: blue\n")));
        Server.ResetWriteCounts();
        var patchOutput = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("widget.yaml", Widget(size: 5, extra: string.Empty)));

        var stored = Server.GetObject("example.test/v1", "Widget", "default", "w1")!;
        var patch = Server.Requests.Single(request => request.Verb == "patch");
        Assert.Multiple(() =>
        {
            Assert.That(crdOutput, Does.Contain("customresourcedefinition.apiextensions.k8s.io/widgets.example.test created"));
            Assert.That(createOutput, Does.Contain("widget.example.test/w1 created"));
            Assert.That(patchOutput, Does.Contain("widget.example.test/w1 configured"));
            Assert.That(patch.ContentType, Is.EqualTo("application/merge-patch+json"));
            Assert.That(stored["spec"]!["size"]!.GetValue<int>(), Is.EqualTo(5));
            Assert.That(stored["spec"]!["color"], Is.Null, "a field dropped from the manifest is removed by the three-way patch");
            Assert.That(stored["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]!.GetValue<string>(),
                Does.Contain("\"size\":5"));
            Assert.That(Server.CountWrites(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Get_CustomResources_PrintsTheCrdPrinterColumns()
    {
        await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("crd.yaml", WidgetDefinition));
        await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("widget.yaml", Widget(size: 7, extra: string.Empty)));
        await Http.PatchAsync("/apis/example.test/v1/namespaces/default/widgets/w1/status", "application/merge-patch+json",
            """{"status":{"conditions":[{"type":"Available","status":"True"}]}}""");

        var output = await _kubectl.RunOkAsync("get", "widgets");
        var byShortName = await _kubectl.RunOkAsync("get", "wdg", "w1", "--no-headers");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "NAME", "SIZE", "AVAILABLE", "AGE" }));
            Assert.That(lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..3], Is.EqualTo(new[] { "w1", "7", "True" }));
            Assert.That(lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], Does.Match("^[0-9]+s$"));
            Assert.That(byShortName, Does.StartWith("w1"));
        });
    }

    [Test]
    public async Task Get_ConfigMapsAsJson_ListsSeededObjects()
    {
        Server.PutObject("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: coredns
              namespace: kube-system
            data:
              Corefile: |
                .:53 {
                    forward . /etc/resolv.conf
                }
            """);

        var output = await _kubectl.RunOkAsync("get", "configmaps", "-n", "kube-system", "-o", "json");

        var list = JsonNode.Parse(output)!;
        var item = list["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(list["items"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(item["metadata"]!["name"]!.GetValue<string>(), Is.EqualTo("coredns"));
            Assert.That(item["data"]!["Corefile"]!.GetValue<string>(), Does.Contain("forward . /etc/resolv.conf"));
        });
    }

    [Test]
    public async Task Apply_ConfigMapTwice_SecondIsAStrategicMergePatchAndThirdChangesNothing()
    {
        const string first = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: kube-system\ndata:\n  a: \"1\"\n  b: \"2\"\n";
        const string second = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: kube-system\ndata:\n  a: \"1\"\n  c: \"3\"\n";
        var created = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("cm.yaml", first));
        Server.ResetWriteCounts();

        var configured = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("cm.yaml", second));
        var patch = Server.Requests.Single(request => request.Verb == "patch");
        Server.ResetWriteCounts();
        var unchanged = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("cm.yaml", second));

        var stored = Server.GetObject("v1", "ConfigMap", "kube-system", "settings")!;
        var lastApplied = JsonNode.Parse(stored["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]!.GetValue<string>())!;
        Assert.Multiple(() =>
        {
            Assert.That(created, Does.Contain("configmap/settings created"));
            Assert.That(configured, Does.Contain("configmap/settings configured"));
            Assert.That(unchanged, Does.Contain("configmap/settings unchanged"));
            Assert.That(patch.ContentType, Is.EqualTo("application/strategic-merge-patch+json"));
            Assert.That(stored["data"]!.AsObject().Select(pair => pair.Key), Is.EqualTo(new[] { "a", "c" }));
            Assert.That(lastApplied["data"]!["c"]!.GetValue<string>(), Is.EqualTo("3"));
            Assert.That(Server.CountWrites(), Is.Zero);
        });
    }

    [Test]
    public async Task Apply_DaemonSetTwice_ServerDefaultsDoNotCauseAChange()
    {
        const string manifest = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-local-dns
              namespace: kube-system
            spec:
              selector:
                matchLabels: {k8s-app: node-local-dns}
              template:
                metadata:
                  labels: {k8s-app: node-local-dns}
                spec:
                  hostNetwork: true
                  containers:
                  - name: node-cache
                    image: registry.k8s.io/dns/k8s-dns-node-cache:1.23.1
                    args: ["-localip", "169.254.20.10"]
                    ports:
                    - {containerPort: 53, name: dns, protocol: UDP}
            """;
        await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("ds.yaml", manifest));
        Server.ResetWriteCounts();

        var second = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("ds.yaml", manifest));
        var changed = await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("ds.yaml", manifest.Replace("1.23.1", "1.24.0", StringComparison.Ordinal)));

        var stored = Server.GetObject("apps/v1", "DaemonSet", "kube-system", "node-local-dns")!;
        Assert.Multiple(() =>
        {
            Assert.That(second, Does.Contain("daemonset.apps/node-local-dns unchanged"));
            Assert.That(changed, Does.Contain("daemonset.apps/node-local-dns configured"));
            Assert.That(stored["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(stored["spec"]!["template"]!["spec"]!["dnsPolicy"]!.GetValue<string>(), Is.EqualTo("ClusterFirst"));
            Assert.That(Server.CountWrites("daemonsets"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Apply_HelmLikeManifestTwice_EverythingUnchangedTheSecondTime()
    {
        const string manifest = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: node-local-dns
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: node-local-dns
              namespace: node-local-dns
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: node-local-dns
            rules:
            - apiGroups: [""]
              resources: ["services", "configmaps"]
              verbs: ["get", "list", "watch"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: node-local-dns
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-local-dns}
            subjects:
            - {kind: ServiceAccount, name: node-local-dns, namespace: node-local-dns}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: kube-dns-upstream
              namespace: node-local-dns
            spec:
              selector: {k8s-app: kube-dns}
              ports:
              - {name: dns, port: 53, protocol: UDP}
              - {name: dns-tcp, port: 53, protocol: TCP}
            ---
            apiVersion: coordination.k8s.io/v1
            kind: Lease
            metadata:
              name: operator
              namespace: node-local-dns
            spec:
              holderIdentity: nobody
            """;
        var path = _kubectl.WriteFile("all.yaml", manifest);
        var first = await _kubectl.RunOkAsync("apply", "-f", path);
        Server.ResetWriteCounts();

        var second = await _kubectl.RunOkAsync("apply", "-f", path);

        Assert.Multiple(() =>
        {
            Assert.That(first.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.EndsWith(" created"));
            Assert.That(second.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(6).And.All.EndsWith(" unchanged"));
            Assert.That(Server.CountWrites(), Is.Zero);
            Assert.That(Server.GetObject("v1", "Service", "node-local-dns", "kube-dns-upstream")!["spec"]!["clusterIP"]!.GetValue<string>(),
                Does.StartWith("10."));
        });
    }

    [Test]
    public async Task Get_Watch_PrintsChangesAsTheyHappen()
    {
        Server.PutObject(Objects.ConfigMap("first"));
        var watching = _kubectl.RunAsync("get", "configmaps", "--watch", "--request-timeout=3s");
        await WaitForWatchAsync();

        Server.PutObject(Objects.ConfigMap("second"));
        var result = await watching;

        Assert.That(result.Stdout, Does.Contain("first").And.Contain("second"));
    }

    [Test]
    public async Task ApplyServerSide_ConfigMap_UsesApplyPatch()
    {
        var output = await _kubectl.RunOkAsync("apply", "--server-side", "--field-manager=test", "-f",
            _kubectl.WriteFile("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: default\ndata:\n  a: \"1\"\n"));

        var patch = Server.Requests.Single(request => request.Verb == "patch");
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("configmap/ssa serverside-applied"));
            Assert.That(patch.ContentType, Is.EqualTo("application/apply-patch+yaml"));
            Assert.That(Server.GetObject("v1", "ConfigMap", "default", "ssa")!["data"]!["a"]!.GetValue<string>(), Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task Wait_ForCrdEstablished_Succeeds()
    {
        await _kubectl.RunOkAsync("apply", "-f", _kubectl.WriteFile("crd.yaml", WidgetDefinition));

        var output = await _kubectl.RunOkAsync("wait", "--for=condition=Established", "crd/widgets.example.test", "--timeout=20s");

        Assert.That(output, Does.Contain("condition met"));
    }

    [Test]
    public async Task Delete_ConfigMap_RemovesIt()
    {
        Server.PutObject(Objects.ConfigMap("doomed"));

        var output = await _kubectl.RunOkAsync("delete", "configmap", "doomed", "-n", "default");

        Assert.That(output, Does.Contain("configmap \"doomed\" deleted"));
        Assert.That(Server.GetObject("v1", "ConfigMap", "default", "doomed"), Is.Null);
    }

    [Test]
    public async Task Get_Missing_FailsWithNotFound()
    {
        var result = await _kubectl.RunAsync("get", "configmap", "absent", "-n", "default");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Stderr, Does.Contain("configmaps \"absent\" not found"));
    }

    [Test]
    public async Task Get_Namespaces_PrintsStatusColumn()
    {
        var output = await _kubectl.RunOkAsync("get", "namespaces");

        Assert.That(output, Does.Contain("kube-system").And.Contain("Active"));
    }

    private async Task WaitForWatchAsync()
    {
        for (var attempt = 0; attempt < 200 && Server.OpenWatchCount == 0; attempt++)
        {
            await Task.Delay(50);
        }

        Assert.That(Server.OpenWatchCount, Is.Positive, "kubectl did not open its watch");
    }

    private static string Widget(int size, string extra) =>
        $"apiVersion: example.test/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: default\nspec:\n  size: {size}\n" +
        $"{(extra.Length > 0 ? "  " + extra.TrimStart() : string.Empty)}";
}
