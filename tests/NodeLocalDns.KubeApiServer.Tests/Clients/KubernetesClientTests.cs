using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Clients;

/// <summary>The official C# KubernetesClient against the server, through the same calls an operator makes.</summary>
[TestFixture]
public sealed class KubernetesClientTests : ServerTest
{
    private const string Group = "example.test";

    private Kubernetes _client = null!;

    private protected override TestKubeApiServerOptions Options => new() { BookmarkInterval = TimeSpan.FromMilliseconds(200) };

    [SetUp]
    public void CreateClient() => _client = Server.CreateClient();

    [TearDown]
    public void DisposeClient() => _client.Dispose();

    [Test]
    public async Task CreateNamespacedConfigMap_ReturnsTheStoredObject()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "coredns" }, Data = new Dictionary<string, string> { ["Corefile"] = ".:53 {}" } },
            "kube-system");

        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("coredns", "kube-system");
        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.Uid, Is.Not.Empty);
            Assert.That(created.Metadata.CreationTimestamp, Is.Not.Null);
            Assert.That(read.Data["Corefile"], Is.EqualTo(".:53 {}"));
            Assert.That(read.Metadata.ResourceVersion, Is.EqualTo(created.Metadata.ResourceVersion));
        });
    }

    [Test]
    public async Task ReplaceNamespacedConfigMap_StaleResourceVersion_Throws409()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "default");
        var fresh = await _client.CoreV1.ReadNamespacedConfigMapAsync("x", "default");
        fresh.Data = new Dictionary<string, string> { ["a"] = "1" };
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(fresh, "x", "default");

        created.Data = new Dictionary<string, string> { ["a"] = "stale" };
        var error = Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "x", "default"));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var status = JsonDocument.Parse(error.Response.Content).RootElement;
        Assert.That(status.GetProperty("reason").GetString(), Is.EqualTo("Conflict"));
    }

    [Test]
    public async Task ReadNamespacedConfigMap_Missing_Throws404()
    {
        var error = Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("absent", "default"));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await Task.CompletedTask;
    }

    [Test]
    public async Task WatchListNamespacedConfigMap_ReceivesChangesAndBookmarks()
    {
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<(WatchEventType Type, V1ConfigMap Object)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync(
                               "default", allowWatchBookmarks: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancellation.Token))
            {
                lock (received)
                {
                    received.Add((type, item));
                    if (received.Any(change => change.Type == WatchEventType.Deleted) && received.Any(change => change.Type == WatchEventType.Bookmark))
                    {
                        return;
                    }
                }
            }
        });

        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "watched" } }, "default");
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "watched", "default");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("watched", "default");
        await watching.WaitAsync(cancellation.Token);

        var changes = received.Where(change => change.Type != WatchEventType.Bookmark).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(changes.Select(change => change.Type), Is.EqualTo(new[] { WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted }));
            Assert.That(changes[1].Object.Data["a"], Is.EqualTo("1"));
            Assert.That(received.Any(change => change.Type == WatchEventType.Bookmark
                && !string.IsNullOrEmpty(change.Object.Metadata.ResourceVersion)), Is.True);
        });
    }

    [Test]
    public async Task WatchListNamespacedConfigMap_ExpiredResourceVersion_ReportsGoneToTheClient()
    {
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync("default");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "default");
        Server.ExpireWatchHistory();
        Exception? reported = null;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await foreach (var _ in _client.CoreV1.WatchListNamespacedConfigMapAsync(
                           "default", resourceVersion: list.Metadata.ResourceVersion, onError: error => reported = error,
                           cancellationToken: cancellation.Token))
        {
            Assert.Fail("no object event is expected from an expired version");
        }

        Assert.That(reported, Is.InstanceOf<KubernetesException>());
        Assert.That(((KubernetesException)reported!).Status.Code, Is.EqualTo(410));
    }

    [Test]
    public async Task DropWatches_EndsTheClientsWatchSoItCanRewatch()
    {
        var list = await _client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = 0;
        var ended = Task.Run(async () =>
        {
            await foreach (var _ in _client.CoreV1.WatchListNamespacedConfigMapAsync(
                "default", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancellation.Token))
            {
                Interlocked.Increment(ref seen);
            }
        });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "default");
        await WaitUntilAsync(() => Volatile.Read(ref seen) == 1);

        Server.DropWatches();

        await ended.WaitAsync(cancellation.Token);
        Assert.That(ended.IsCompletedSuccessfully, Is.True);
        Assert.That(Server.OpenWatchCount, Is.Zero);
    }

    [Test]
    public async Task CustomObjects_NamespacedCrud_AndStatusPatch()
    {
        await CreateWidgetDefinitionAsync();
        var body = Objects.Widget("w", 2);

        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, "v1", "default", "widgets");
        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"conditions":[{"type":"Available","status":"True"}]}}""", V1Patch.PatchType.MergePatch),
            Group, "v1", "default", "widgets", "w");
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"size":3}}""", V1Patch.PatchType.MergePatch), Group, "v1", "default", "widgets", "w");
        var read = (JsonElement)await _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", "default", "widgets", "w");
        var list = (JsonElement)await _client.CustomObjects.ListNamespacedCustomObjectAsync(Group, "v1", "default", "widgets");

        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("spec").GetProperty("size").GetInt32(), Is.EqualTo(3));
            Assert.That(read.GetProperty("status").GetProperty("conditions")[0].GetProperty("status").GetString(), Is.EqualTo("True"));
            Assert.That(read.GetProperty("metadata").GetProperty("generation").GetInt64(), Is.EqualTo(2));
            Assert.That(list.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
        });

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, "v1", "default", "widgets", "w");
        var error = Assert.ThrowsAsync<HttpOperationException>(
            () => _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", "default", "widgets", "w"));
        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CustomObjects_ReplaceClusterCustomObjectStatus_ChangesOnlyStatus()
    {
        await CreateWidgetDefinitionAsync(scope: "Cluster");
        await _client.CustomObjects.CreateClusterCustomObjectAsync(Objects.Widget("global", 1), Group, "v1", "widgets");
        var current = JsonSerializer.SerializeToNode(
            (JsonElement)await _client.CustomObjects.GetClusterCustomObjectAsync(Group, "v1", "widgets", "global"))!.AsObject();
        current["status"] = new System.Text.Json.Nodes.JsonObject { ["observedGeneration"] = 1 };
        current["spec"]!["size"] = 99;

        await _client.CustomObjects.ReplaceClusterCustomObjectStatusAsync(current, Group, "v1", "widgets", "global");
        var read = (JsonElement)await _client.CustomObjects.GetClusterCustomObjectAsync(Group, "v1", "widgets", "global");

        Assert.Multiple(() =>
        {
            Assert.That(read.GetProperty("status").GetProperty("observedGeneration").GetInt32(), Is.EqualTo(1));
            Assert.That(read.GetProperty("spec").GetProperty("size").GetInt32(), Is.EqualTo(1));
            Assert.That(read.GetProperty("metadata").TryGetProperty("namespace", out _), Is.False);
        });
    }

    [Test]
    public async Task LeaderElector_TwoCandidates_ExactlyOneLeadsAndTheOtherTakesOverWhenItStops()
    {
        var leaders = new List<string>();
        using var firstStop = new CancellationTokenSource();
        using var secondStop = new CancellationTokenSource();
        using var firstClient = Server.CreateClient();
        using var secondClient = Server.CreateClient();
        using var first = Elector(firstClient, "first", leaders);
        using var second = Elector(secondClient, "second", leaders);

        var firstRun = first.RunAndTryToHoldLeadershipForeverAsync(firstStop.Token);
        var secondRun = second.RunAndTryToHoldLeadershipForeverAsync(secondStop.Token);
        try
        {
            await WaitUntilAsync(() => Snapshot(leaders).Count == 1);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var winner = Snapshot(leaders).Single();
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync("operator-lock", "default");
            Assert.Multiple(() =>
            {
                Assert.That(Snapshot(leaders), Has.Count.EqualTo(1), "only one candidate may lead while the lease is renewed");
                Assert.That(lease.Spec.HolderIdentity, Is.EqualTo(winner));
                Assert.That((winner == "first" ? first : second).IsLeader(), Is.True);
                Assert.That((winner == "first" ? second : first).IsLeader(), Is.False);
            });

            await (winner == "first" ? firstStop : secondStop).CancelAsync();
            await WaitUntilAsync(() => Snapshot(leaders).Count == 2, TimeSpan.FromSeconds(15));
            Assert.That(Snapshot(leaders), Is.EqualTo(new[] { winner, winner == "first" ? "second" : "first" }));
        }
        finally
        {
            await firstStop.CancelAsync();
            await secondStop.CancelAsync();
            await Task.WhenAll(firstRun, secondRun).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static LeaderElector Elector(Kubernetes kubernetes, string identity, List<string> leaders)
    {
        var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(kubernetes, "default", "operator-lock", identity))
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });
        elector.OnStartedLeading += () =>
        {
            lock (leaders)
            {
                leaders.Add(identity);
            }
        };
        return elector;
    }

    private static List<string> Snapshot(List<string> leaders)
    {
        lock (leaders)
        {
            return [.. leaders];
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in time");
            }

            await Task.Delay(50);
        }
    }
}
