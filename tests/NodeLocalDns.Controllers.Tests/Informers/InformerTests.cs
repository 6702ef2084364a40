using System.Globalization;
using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Controllers.Tests.Support;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Controllers.Tests.Informers;

/// <summary>The informer against the in-process API server, through the real KubernetesClient.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class InformerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private TestKubeApiServer _server = null!;
    private Kubernetes _client = null!;

    [SetUp]
    public async Task StartServerAsync()
    {
        _server = await TestKubeApiServer.StartAsync(new TestKubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        _client = _server.CreateClient();
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Run_InitialList_FillsTheStoreAndSyncs()
    {
        await CreateAsync("a");
        await CreateAsync("b");
        await CreateAsync("elsewhere", "kube-system");

        await using var running = new RunningInformer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"));
        await running.SyncedAsync();

        Assert.Multiple(() =>
        {
            Assert.That(running.Store.Keys(), Is.EquivalentTo(new[] { new ObjectKey("default", "a"), new ObjectKey("default", "b") }));
            Assert.That(running.Informer.ListCount, Is.EqualTo(1));
            Assert.That(running.Informer.ResourceVersion, Is.Not.Null.And.Not.Empty);
            Assert.That(running.EventsFor("a", "b").Select(e => e.Type), Is.All.EqualTo(InformerEventType.Added));
        });
    }

    [Test]
    public async Task Run_CreateUpdateDelete_EventsInOrderAndStoreFollows()
    {
        await using var running = await StartAsync();

        await CreateAsync("a");
        await PatchDataAsync("a", "2");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        await CreateAsync("b");

        Assert.That(await Eventually.HoldsAsync(() => running.EventsFor("b").Count == 1, Patience), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(running.EventsFor("a", "b").Select(e => e.Type),
                Is.EqualTo(new[] { InformerEventType.Added, InformerEventType.Updated, InformerEventType.Deleted, InformerEventType.Added }));
            Assert.That(running.Events.Single(e => e.Type == InformerEventType.Updated).Object.Data["key"], Is.EqualTo("2"));
            Assert.That(running.Store.Keys(), Is.EqualTo(new[] { new ObjectKey("default", "b") }));
            Assert.That(running.Informer.ListCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Run_Bookmarks_AdvanceTheResourceVersionWithoutEvents()
    {
        await using var running = await StartAsync();
        var listed = running.Informer.ResourceVersion;

        // Changes elsewhere move the server's version on; only bookmarks tell this namespace's watch about it.
        await CreateAsync("x", "kube-system");
        await CreateAsync("y", "kube-system");
        var target = _server.ResourceVersion.ToString(CultureInfo.InvariantCulture);

        Assert.That(await Eventually.HoldsAsync(() => running.Informer.ResourceVersion == target, Patience), Is.True,
            $"listed at {listed}, expected a bookmark at {target}");
        Assert.That(running.Events, Is.Empty);
    }

    [Test]
    public async Task Run_WatchDroppedWhileChangesHappen_RewatchesFromLastVersionAndMissesNothing()
    {
        await CreateAsync("kept");
        await CreateAsync("doomed");
        await using var running = await StartAsync();
        running.ClearEvents();

        using (_server.InjectFault(request => request.Verb == "watch" ? 503 : null))
        {
            _server.DropWatches();
            await CreateAsync("new1");
            await CreateAsync("new2");
            await PatchDataAsync("kept", "changed");
            await _client.CoreV1.DeleteNamespacedConfigMapAsync("doomed", "default");
            Assert.That(await Eventually.HoldsAsync(() => FailedWatches() >= 2, Patience), Is.True, "the informer keeps trying to re-watch");
        }

        Assert.That(await Eventually.HoldsAsync(
            () => running.Store.Count == 3 && running.Store.Get(new ObjectKey("default", "kept"))?.Data["key"] == "changed", Patience), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(running.Informer.ListCount, Is.EqualTo(1), "a re-watch from the last version replays; no relist needed");
            Assert.That(running.EventsFor("new1", "new2", "kept", "doomed"), Is.EqualTo(new[]
            {
                (InformerEventType.Added, "new1"),
                (InformerEventType.Added, "new2"),
                (InformerEventType.Updated, "kept"),
                (InformerEventType.Deleted, "doomed"),
            }));
        });
    }

    [Test]
    public async Task Run_WatchHistoryExpiredWhileDisconnected_RelistsAndStoreConverges()
    {
        await CreateAsync("gone");
        await CreateAsync("changed");
        await CreateAsync("same");
        await using var running = await StartAsync();
        running.ClearEvents();

        using (_server.InjectFault(request => request.Verb == "watch" ? 503 : null))
        {
            _server.DropWatches();
            await _client.CoreV1.DeleteNamespacedConfigMapAsync("gone", "default");
            await PatchDataAsync("changed", "2");
            await CreateAsync("added");
            _server.ExpireWatchHistory();
            Assert.That(await Eventually.HoldsAsync(() => FailedWatches() >= 1, Patience), Is.True);
        }

        Assert.That(await Eventually.HoldsAsync(() => running.Informer.ListCount == 2 && running.Store.Count == 3, Patience), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(running.Store.Keys().Select(k => k.Name), Is.EquivalentTo(new[] { "changed", "same", "added" }));
            Assert.That(running.Events.Select(e => (e.Type, e.Object.Metadata.Name)), Is.EquivalentTo(new[]
            {
                (InformerEventType.Deleted, "gone"),
                (InformerEventType.Updated, "changed"),
                (InformerEventType.Added, "added"),
            }), "the relist's difference, as synthetic events; 'same' is unchanged");
            Assert.That(running.Logger.Lines.Any(line => line.Message.Contains("relisting", StringComparison.Ordinal)), Is.True);
        });

        // And it carries on watching from the new list.
        await CreateAsync("after");
        Assert.That(await Eventually.HoldsAsync(() => running.Store.Count == 4, Patience), Is.True);
    }

    [Test]
    public async Task Run_WatchStartAnswers410_Relists()
    {
        await using var running = await StartAsync();

        using (_server.InjectFault(request => request.Verb == "watch", 410, times: 1))
        {
            _server.DropWatches();
            Assert.That(await Eventually.HoldsAsync(() => running.Informer.ListCount == 2, Patience), Is.True);
        }

        await CreateAsync("after");
        Assert.That(await Eventually.HoldsAsync(() => running.Store.Count == 1, Patience), Is.True);
    }

    [Test]
    public async Task Run_ListFailsWith500And503_BacksOffAndRecovers()
    {
        await CreateAsync("a");
        using var failing = _server.InjectFault(request => request.Verb == "list" && request.Resource == "configmaps", 500, times: 2);
        using var unavailable = _server.InjectFault(request => request.Verb == "list" && request.Resource == "configmaps", 503, times: 2);

        await using var running = new RunningInformer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"));
        await running.SyncedAsync();

        Assert.Multiple(() =>
        {
            Assert.That(running.Store.Count, Is.EqualTo(1));
            Assert.That(_server.Requests.Count(r => r.Verb == "list" && r.Resource == "configmaps"), Is.EqualTo(5), "four failures, then success");
            Assert.That(running.Logger.Lines.Count(line => line.EventId == 105), Is.EqualTo(4), "each failure logged with its retry delay");
        });
    }

    [Test]
    public async Task Run_ServerEndsWatchAtItsTimeout_RewatchesWithoutRelisting()
    {
        var options = RunningInformer<V1ConfigMap>.Fast;
        options.WatchTimeout = TimeSpan.FromSeconds(1);
        await using var running = new RunningInformer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"), options);
        await running.SyncedAsync();

        Assert.That(await Eventually.HoldsAsync(() => Watches() >= 3, Patience), Is.True);
        await CreateAsync("late");

        Assert.That(await Eventually.HoldsAsync(() => running.Store.Count == 1, Patience), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(running.Informer.ListCount, Is.EqualTo(1));
            Assert.That(_server.Requests.Where(r => r.Verb == "watch").Select(r => r.Query.GetValueOrDefault("timeoutSeconds")), Is.All.EqualTo("1"));
            Assert.That(_server.Requests.Where(r => r.Verb == "watch").Select(r => r.Query.GetValueOrDefault("allowWatchBookmarks")), Is.All.EqualTo("true"));
        });
    }

    [Test]
    public async Task Run_DefaultWatchTimeout_AskedOfTheServerRandomisedUnder295Seconds()
    {
        await using var running = new RunningInformer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"), new InformerOptions());
        await running.SyncedAsync();
        Assert.That(await Eventually.HoldsAsync(() => Watches() >= 1, Patience), Is.True);

        var timeout = int.Parse(_server.Requests.First(r => r.Verb == "watch").Query["timeoutSeconds"], CultureInfo.InvariantCulture);

        Assert.That(timeout, Is.InRange(261, 290));
    }

    [Test]
    public async Task Run_LabelSelector_ObjectsLeavingTheSelectionAreDeleted()
    {
        await CreateAsync("dns", labels: new Dictionary<string, string> { ["app"] = "dns" });
        await CreateAsync("web", labels: new Dictionary<string, string> { ["app"] = "web" });
        await using var running = new RunningInformer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default", labelSelector: "app=dns"));
        await running.SyncedAsync();
        Assert.That(running.Store.Keys().Select(k => k.Name), Is.EqualTo(new[] { "dns" }));

        await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"app":"web"}}}""", V1Patch.PatchType.MergePatch), "dns", "default");

        Assert.That(await Eventually.HoldsAsync(() => running.Store.Count == 0, Patience), Is.True);
        Assert.That(running.EventsFor("dns").Select(e => e.Type), Is.EqualTo(new[] { InformerEventType.Added, InformerEventType.Deleted }));
    }

    [Test]
    public async Task Run_AllNamespacesDaemonSetsServicesServiceAccounts_ListAndWatch()
    {
        await using var daemonSets = new RunningInformer<V1DaemonSet>(ListWatchers.For<V1DaemonSet>(_client, null));
        await using var services = new RunningInformer<V1Service>(ListWatchers.For<V1Service>(_client, "kube-system"));
        await using var accounts = new RunningInformer<V1ServiceAccount>(
            ListWatchers.For<V1ServiceAccount>(_client, "kube-system", fieldSelector: "metadata.name=node-cache"));
        await Task.WhenAll(daemonSets.SyncedAsync(), services.SyncedAsync(), accounts.SyncedAsync());

        await _client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet("node-cache"), "kube-system");
        await _client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "kube-dns-upstream" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP" }] },
        }, "kube-system");
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "node-cache" } }, "kube-system");
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "other" } }, "kube-system");

        Assert.That(await Eventually.HoldsAsync(
            () => daemonSets.Store.Count == 1 && services.Store.Count == 1 && accounts.Store.Count == 1, Patience), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(daemonSets.Store.Keys(), Is.EqualTo(new[] { new ObjectKey("kube-system", "node-cache") }));
            Assert.That(accounts.Store.Keys(), Is.EqualTo(new[] { new ObjectKey("kube-system", "node-cache") }), "the field selector keeps 'other' out");
            Assert.That(daemonSets.Informer.Description, Is.EqualTo("daemonsets.apps"));
            Assert.That(accounts.Informer.Description, Is.EqualTo("serviceaccounts in kube-system (metadata.name=node-cache)"));
        });
    }

    [Test]
    public async Task Run_ClusterScopedCustomResource_ListWatchAndRelist()
    {
        _server.PutObject(TestObjects.WidgetDefinition);
        await CreateWidgetAsync("first", 1);
        await using var running = new RunningInformer<Widget>(ListWatchers.For<Widget>(_client));
        await running.SyncedAsync();
        Assert.That(running.Store.Get(ObjectKey.Cluster("first"))?.Spec?.Size, Is.EqualTo(1));

        await CreateWidgetAsync("second", 2);
        await _client.CustomObjects.DeleteClusterCustomObjectAsync("example.test", "v1", "widgets", "first");
        Assert.That(await Eventually.HoldsAsync(() => running.EventsFor("first", "second").Count == 3, Patience), Is.True);
        Assert.That(running.EventsFor("first", "second"),
            Is.EqualTo(new[] { (InformerEventType.Added, "first"), (InformerEventType.Added, "second"), (InformerEventType.Deleted, "first") }));

        // The 410 arrives as an ERROR event through the custom-object watch path.
        using (_server.InjectFault(request => request.Verb == "watch" ? 503 : null))
        {
            _server.DropWatches();
            await CreateWidgetAsync("third", 3);
            _server.ExpireWatchHistory();
            Assert.That(await Eventually.HoldsAsync(() => FailedWatches() >= 1, Patience), Is.True);
        }

        Assert.That(await Eventually.HoldsAsync(() => running.Informer.ListCount == 2 && running.Store.Count == 2, Patience), Is.True);
        Assert.That(running.Store.Get(ObjectKey.Cluster("third"))?.Spec?.Size, Is.EqualTo(3));
    }

    [Test]
    public async Task Run_ObjectThatDoesNotDecode_IsSetAsideWithACallAndTheRestIsCached()
    {
        _server.PutObject(TestObjects.WidgetDefinition);
        await CreateWidgetAsync("good", 1);
        PutBadWidget("bad");
        var setAside = new List<UndecodableObject>();
        var options = RunningInformer<Widget>.Fast;
        options.OnUndecodable = bad => setAside.Add(bad);

        await using var running = new RunningInformer<Widget>(ListWatchers.For<Widget>(_client), options);
        await running.SyncedAsync();

        Assert.Multiple(() =>
        {
            Assert.That(running.Store.Keys(), Is.EqualTo(new[] { ObjectKey.Cluster("good") }));
            Assert.That(running.Informer.Quarantined.Select(q => q.Key), Is.EqualTo(new[] { ObjectKey.Cluster("bad") }));
            Assert.That(setAside.Single().Error, Does.Contain("spec.size").Or.Contain("Size").Or.Contain("Int32"), setAside.Single().Error);
            Assert.That(running.Informer.FailingFor, Is.Null, "one bad object is not a failing informer");
        });
    }

    [Test]
    public async Task Watch_ObjectBecomesUndecodable_IsDroppedAndTheWatchGoesOn()
    {
        _server.PutObject(TestObjects.WidgetDefinition);
        await CreateWidgetAsync("a", 1);
        await CreateWidgetAsync("b", 2);
        await using var running = new RunningInformer<Widget>(ListWatchers.For<Widget>(_client));
        await running.SyncedAsync();

        PutBadWidget("b");
        Assert.That(await Eventually.HoldsAsync(() => running.Store.Get(ObjectKey.Cluster("b")) is null, Patience), Is.True,
            "the stale good version leaves the cache");
        await CreateWidgetAsync("c", 3);

        Assert.Multiple(async () =>
        {
            Assert.That(await Eventually.HoldsAsync(() => running.Store.Get(ObjectKey.Cluster("c")) is not null, Patience), Is.True,
                "not stuck on the bad event");
            Assert.That(running.Informer.Quarantined.Select(q => q.Key), Is.EqualTo(new[] { ObjectKey.Cluster("b") }));
            Assert.That(running.Informer.ListCount, Is.EqualTo(2), "one relist");
            Assert.That(running.Informer.FailingFor, Is.Null);
        });

        await CreateWidgetAsync("b-fixed", 4);
        await _client.CustomObjects.DeleteClusterCustomObjectAsync("example.test", "v1", "widgets", "b");
        Assert.That(await Eventually.HoldsAsync(() => running.Store.Get(ObjectKey.Cluster("b-fixed")) is not null, Patience), Is.True);
    }

    [Test]
    public async Task Run_ListsAndWatchesKeepFailing_FailingForGrowsUntilOneSucceeds()
    {
        await CreateAsync("a");
        await using var running = await StartAsync();

        using (_server.InjectFault(request => request.Verb is "list" or "watch" ? 500 : null))
        {
            _server.DropWatches();
            Assert.That(await Eventually.HoldsAsync(() => running.Informer.FailingFor > TimeSpan.FromMilliseconds(300), Patience), Is.True);
            Assert.That(running.Informer.LastError, Does.Contain("InternalServerError").Or.Contain("500"));
        }

        Assert.That(await Eventually.HoldsAsync(() => running.Informer.FailingFor is null, Patience), Is.True, "healthy again after a successful watch");
    }

    /// <summary>
    /// A Widget whose size is text: the CRD preserves unknown fields and has no types, as an older CRD version might have, but
    /// Widget wants an int.
    /// </summary>
    private void PutBadWidget(string name) =>
        _server.PutObject($$$"""{"apiVersion": "example.test/v1", "kind": "Widget", "metadata": {"name": "{{{name}}}"}, "spec": {"size": "big"}}""");

    [Test]
    public void For_TypeWithoutKubernetesEntity_Rejected()
    {
        Assert.That(() => ListWatchers.For<V1Alpha1Untagged>(_client), Throws.ArgumentException);
    }

    [Test]
    public async Task ListAsync_MorePagesThanOne_FollowsContinueTokens()
    {
        for (var i = 0; i < 7; i++)
        {
            await CreateAsync($"c{i}");
        }

        var source = PagedConfigMaps(pageSize: 2);
        _server.ResetWriteCounts();

        var list = await source.ListAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(list.Items.Select(cm => cm.Metadata.Name), Is.EquivalentTo(Enumerable.Range(0, 7).Select(i => $"c{i}")));
            Assert.That(_server.Requests.Count(r => r.Verb == "list"), Is.EqualTo(4));
            Assert.That(list.ResourceVersion, Is.Not.Empty);
        });
    }

    [Test]
    public async Task ListAsync_ContinueTokenExpired_FallsBackToOneFullList()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync($"c{i}");
        }

        var source = PagedConfigMaps(pageSize: 2);
        using var expired = _server.InjectFault(request => request.Verb == "list" && request.Query.ContainsKey("continue"), 410, times: 1);

        var list = await source.ListAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(list.Items, Has.Count.EqualTo(5));
            Assert.That(_server.Requests.Where(r => r.Verb == "list").Select(r => r.Query.GetValueOrDefault("limit")), Is.EqualTo(new[] { "2", "2", null }));
        });
    }

    [Test]
    public async Task RunAsync_Twice_Rejected()
    {
        await using var running = await StartAsync();

        Assert.That(() => running.Informer.RunAsync(CancellationToken.None), Throws.InvalidOperationException);
    }

    private async Task<RunningInformer<V1ConfigMap>> StartAsync()
    {
        var running = new RunningInformer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"));
        await running.SyncedAsync();
        Assert.That(await Eventually.HoldsAsync(() => _server.OpenWatchCount > 0, Patience), Is.True, "the informer watches after listing");
        return running;
    }

    private KubernetesListWatcher<V1ConfigMap> PagedConfigMaps(int pageSize) =>
        new(_client, group: string.Empty, version: "v1", plural: "configmaps", namespaceName: "default", labelSelector: null, fieldSelector: null, pageSize);

    private int Watches() => _server.Requests.Count(r => r.Verb == "watch");

    // Watch requests that arrived while a fault rule answered them (the request log has no status, so count all
    // watch requests beyond the single open stream the informer had before the drop).
    private int FailedWatches() => Watches() - 1;

    private Task<V1ConfigMap> CreateAsync(string name, string ns = "default", IDictionary<string, string>? labels = null) =>
        _client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap(name, ns: null, labels: labels), ns);

    private Task<V1ConfigMap> PatchDataAsync(string name, string value) =>
        _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch($$$"""{"data":{"key":"{{{value}}}"}}""", V1Patch.PatchType.MergePatch), name, "default");

    private Task<object> CreateWidgetAsync(string name, int size) =>
        _client.CustomObjects.CreateClusterCustomObjectAsync(TestObjects.Widget(name, size), "example.test", "v1", "widgets");

    private static V1DaemonSet DaemonSet(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "node-cache", Image = "example/node-cache:1" }] },
            },
        },
    };

    /// <summary>A custom-resource-shaped type without <see cref="KubernetesEntityAttribute"/>.</summary>
    private sealed class V1Alpha1Untagged : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public V1ObjectMeta Metadata { get; set; } = new();
    }
}
