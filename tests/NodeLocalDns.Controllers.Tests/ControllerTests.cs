using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using NodeLocalDns.Controllers.Handlers;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Observability;
using NodeLocalDns.Controllers.Queue;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Controllers.Tests.Support;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Testing;
using Prometheus;

namespace NodeLocalDns.Controllers.Tests;

/// <summary>The controller against the in-process API server: events in, reconciles out, with the result policy.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ControllerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly ObjectKey A = new("default", "a");

    private TestKubeApiServer _server = null!;
    private Kubernetes _client = null!;
    private CountingReconciler _reconciler = null!;
    private TestLogger _logger = null!;
    private CollectorRegistry _registry = null!;
    private readonly List<(Controller Controller, Task Run, CancellationTokenSource Stop)> _running = [];

    [SetUp]
    public async Task SetUpAsync()
    {
        _server = await TestKubeApiServer.StartAsync();
        _client = _server.CreateClient();
        _reconciler = new CountingReconciler();
        _logger = new TestLogger();
        _registry = Metrics.NewCustomRegistry();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var (controller, run, stop) in _running)
        {
            await stop.CancelAsync();
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // Reported by the test that left it running; do not hide its own failure.
            }
            catch (InvalidOperationException)
            {
            }

            controller.Dispose();
            stop.Dispose();
        }

        _running.Clear();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Run_ExistingAndNewObjects_EachReconciledByKey()
    {
        await CreateAsync("a");
        var (_, informer) = Start();

        await CreateAsync("b");
        Assert.That(await Eventually.HoldsAsync(
            () => _reconciler.CountFor(A) == 1 && _reconciler.CountFor(new ObjectKey("default", "b")) == 1, Patience), Is.True);

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(A) == 2, Patience), Is.True,
            "a deletion is reconciled too; the reconciler sees the absence");
        Assert.That(informer.Store.Get(A), Is.Null);
    }

    [Test]
    public async Task Run_BurstOf100Updates_FarFewerReconcilesNeverConcurrentAndTheLastSeesTheFinalState()
    {
        await CreateAsync("a");
        var (_, informer) = Start(options: new ControllerOptions { Workers = 4 });
        _reconciler.Observe = key => informer.Store.Get(key)?.Data["key"];
        _reconciler.Behaviour = async (_, _, ct) =>
        {
            await Task.Delay(30, ct);
            return ReconcileResult.Done;
        };
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(A) == 1, Patience), Is.True);

        for (var i = 1; i <= 100; i++)
        {
            await PatchDataAsync("a", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CallsFor(A)[^1].Saw == "100", Patience), Is.True,
            "level-based: the last reconcile reads the final state");
        await Task.Delay(200);
        Assert.Multiple(() =>
        {
            Assert.That(_reconciler.CountFor(A) - 1, Is.LessThan(50), "queued duplicates collapse into one reconcile");
            Assert.That(_reconciler.Overlaps, Is.Zero, "one key is never reconciled twice at once, even with 4 workers");
        });
    }

    [Test]
    public async Task Run_ReconcileThrows_RetriedWithDoublingBackoffThenForgotten()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _reconciler.Behaviour = (_, number, _) =>
            number <= 3 ? throw new InvalidOperationException($"failure {number}") : Task.FromResult(ReconcileResult.Done);
        await CreateAsync("a");
        var (controller, _) = Start(clock, new ControllerOptions { ResyncPeriod = null, Queue = new WorkQueueOptions { OverallRetriesPerSecond = null } });

        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(A) == 1, Patience), Is.True);
        foreach (var (delay, count) in new[] { (5, 2), (10, 3), (20, 4) })
        {
            await WaitUntilWaitingAsync(controller);
            clock.Advance(TimeSpan.FromMilliseconds(delay - 1));
            await Task.Delay(50);
            Assert.That(_reconciler.CountFor(A), Is.EqualTo(count - 1), $"not before {delay} ms");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(A) == count, Patience), Is.True, $"retried after {delay} ms");
        }

        Assert.That(await Eventually.HoldsAsync(() => ReadMetric("controller_runtime_reconcile_total", "result=\"success\"") == 1, Patience), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(controller.Queue.NumRequeues(A), Is.Zero, "success forgets the backoff");
            Assert.That(ReadMetric("controller_runtime_reconcile_total", "result=\"error\""), Is.EqualTo(3));
            Assert.That(ReadMetric("controller_runtime_reconcile_errors_total"), Is.EqualTo(3));
            Assert.That(ReadMetric("workqueue_retries_total"), Is.EqualTo(3));
            Assert.That(_logger.Lines.Count(line => line.EventId == 126), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Run_TerminalError_LoggedAndNotRetriedUntilTheObjectChanges()
    {
        _reconciler.Behaviour = (_, number, _) => number == 1
            ? throw new InvalidOperationException("wrapped", new TerminalReconcileException("spec.localIp is not an IP"))
            : Task.FromResult(ReconcileResult.Done);
        await CreateAsync("a");
        Start();

        Assert.That(await Eventually.HoldsAsync(() => _logger.Lines.Any(line => line.EventId == 127), Patience), Is.True);
        await Task.Delay(300);
        Assert.Multiple(() =>
        {
            Assert.That(_reconciler.CountFor(A), Is.EqualTo(1));
            Assert.That(ReadMetric("controller_runtime_terminal_reconcile_errors_total"), Is.EqualTo(1));
            Assert.That(ReadMetric("controller_runtime_reconcile_total", "result=\"error\""), Is.EqualTo(1));
            Assert.That(_logger.Lines.Single(line => line.EventId == 127).Message, Does.Contain("spec.localIp is not an IP"));
        });

        await PatchDataAsync("a", "fixed");
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(A) == 2, Patience), Is.True, "a change brings the key back");
    }

    [Test]
    public async Task Run_RequeueAfter_ReconciledAgainAfterTheDelayWithoutEvents()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _reconciler.Behaviour = (_, number, _) => Task.FromResult(number == 1 ? ReconcileResult.After(TimeSpan.FromMinutes(1)) : ReconcileResult.Done);
        await CreateAsync("a");
        var (controller, _) = Start(clock, new ControllerOptions { ResyncPeriod = null });
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(A) == 1, Patience), Is.True);
        await WaitUntilWaitingAsync(controller);

        clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50);
        Assert.That(_reconciler.CountFor(A), Is.EqualTo(1));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(A) == 2, Patience), Is.True);
        Assert.That(await Eventually.HoldsAsync(() => ReadMetric("controller_runtime_reconcile_total", "result=\"requeue_after\"") == 1, Patience), Is.True);
        Assert.That(ReadMetric("controller_runtime_reconcile_total", "result=\"success\""), Is.EqualTo(1));
    }

    [Test]
    public async Task Run_OwnedObjectChanges_ReconcileTheClusterScopedOwner()
    {
        _server.PutObject(TestObjects.WidgetDefinition);
        var widget = await CreateWidgetAsync("main");
        var widgets = new Informer<Widget>(ListWatchers.For<Widget>(_client), _logger, RunningInformer<Widget>.Fast);
        var children = new Informer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "kube-system"), _logger, RunningInformer<V1ConfigMap>.Fast);
        var controller = NewController().For(widgets)
            .Watch(children, EventMappers.ToControllerOwner<V1ConfigMap>("example.test", "Widget", ownerIsNamespaced: false));
        Run(controller);
        var main = ObjectKey.Cluster("main");
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(main) == 1, Patience), Is.True);

        var owner = new V1OwnerReference { ApiVersion = "example.test/v1", Kind = "Widget", Name = "main", Uid = widget.Metadata.Uid, Controller = true };
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("node-cache", ns: null, owners: owner), "kube-system");
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(main) == 2, Patience), Is.True);

        await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"key":"drift"}}""", V1Patch.PatchType.MergePatch), "node-cache", "kube-system");
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(main) == 3, Patience), Is.True, "drift in a child reconciles its owner");

        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("unrelated", ns: null), "kube-system");
        await Task.Delay(300);
        Assert.That(_reconciler.Calls.Select(c => c.Key).Distinct(), Is.EqualTo(new[] { main }), "objects without our owner map to nothing");
    }

    [Test]
    public async Task Run_SharedInputChanges_FanOutToEveryPrimary()
    {
        _server.PutObject(TestObjects.WidgetDefinition);
        await CreateWidgetAsync("one");
        await CreateWidgetAsync("two");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("coredns", ns: null), "kube-system");
        var widgets = new Informer<Widget>(ListWatchers.For<Widget>(_client), _logger, RunningInformer<Widget>.Fast);
        var coreDns = new Informer<V1ConfigMap>(
            ListWatchers.For<V1ConfigMap>(_client, "kube-system", fieldSelector: "metadata.name=coredns"),
            _logger,
            RunningInformer<V1ConfigMap>.Fast);
        Run(NewController().For(widgets).Watch(coreDns, EventMappers.ToAll<V1ConfigMap, Widget>(widgets.Store)));
        var one = ObjectKey.Cluster("one");
        var two = ObjectKey.Cluster("two");
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(one) >= 1 && _reconciler.CountFor(two) >= 1, Patience), Is.True);
        await Task.Delay(100);
        var before = (_reconciler.CountFor(one), _reconciler.CountFor(two));

        await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"Corefile":"some.corp:53 {}"}}""", V1Patch.PatchType.MergePatch), "coredns", "kube-system");

        Assert.That(await Eventually.HoldsAsync(
            () => _reconciler.CountFor(one) == before.Item1 + 1 && _reconciler.CountFor(two) == before.Item2 + 1, Patience), Is.True);
    }

    [Test]
    public async Task Run_ResyncPeriod_ReconcilesEveryPrimaryWithoutEvents()
    {
        await CreateAsync("a");
        await CreateAsync("b");
        Start(options: new ControllerOptions { ResyncPeriod = TimeSpan.FromMilliseconds(200) });

        Assert.That(await Eventually.HoldsAsync(
            () => _reconciler.CountFor(A) >= 3 && _reconciler.CountFor(new ObjectKey("default", "b")) >= 3, Patience), Is.True);
    }

    [Test]
    public async Task Run_GenerationFilter_StatusOnlyUpdatesOfThePrimaryIgnored()
    {
        _server.PutObject(TestObjects.WidgetDefinition);
        await CreateWidgetAsync("main");
        var widgets = new Informer<Widget>(ListWatchers.For<Widget>(_client), _logger, RunningInformer<Widget>.Fast);
        Run(NewController().For(widgets, EventFilters.GenerationChanged<Widget>()));
        var main = ObjectKey.Cluster("main");
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(main) == 1, Patience), Is.True);

        await _client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch("""{"status":{"ready":true}}""", V1Patch.PatchType.MergePatch), "example.test", "v1", "widgets", "main");
        Assert.That(await Eventually.HoldsAsync(() => widgets.Store.Get(main)?.Metadata.ResourceVersion == CurrentWidgetVersion("main"), Patience), Is.True);
        await Task.Delay(200);
        Assert.That(_reconciler.CountFor(main), Is.EqualTo(1), "our own status write does not loop back");

        await _client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch("""{"spec":{"size":5}}""", V1Patch.PatchType.MergePatch), "example.test", "v1", "widgets", "main");
        Assert.That(await Eventually.HoldsAsync(() => _reconciler.CountFor(main) == 2, Patience), Is.True);
    }

    [Test]
    public void Run_CachesNeverSync_FailsAfterTheTimeout()
    {
        using var failing = _server.InjectFault(request => request.Verb == "list" ? 500 : null);
        var informer = new Informer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"), _logger, RunningInformer<V1ConfigMap>.Fast);
        using var controller = NewController(options: new ControllerOptions { CacheSyncTimeout = TimeSpan.FromMilliseconds(300) }).For(informer);

        Assert.That(
            async () => await controller.RunAsync(CancellationToken.None),
            Throws.TypeOf<TimeoutException>().With.Message.Contains("configmaps in default"));
        Assert.That(_reconciler.Calls, Is.Empty);
    }

    [Test]
    public async Task Run_Stopped_CancelsTheRunningReconcileWithoutCountingAnError()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancellation = false;
        _reconciler.Behaviour = async (_, _, ct) =>
        {
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                sawCancellation = true;
                throw;
            }

            return ReconcileResult.Done;
        };
        await CreateAsync("a");
        var informer = new Informer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"), _logger, RunningInformer<V1ConfigMap>.Fast);
        using var controller = NewController().For(informer);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        await entered.Task.WaitAsync(Patience);

        await stop.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(sawCancellation, Is.True);
            Assert.That(ReadMetric("controller_runtime_reconcile_total", "result=\"error\""), Is.Zero);
            Assert.That(controller.Queue.IsShuttingDown, Is.True);
        });
        Assert.That(await Eventually.HoldsAsync(() => _server.OpenWatchCount == 0, Patience), Is.True, "informers stopped too");
    }

    [Test]
    public async Task Run_EachReconcile_LogsInAScopeWithTheKeyAndAFreshReconcileId()
    {
        _reconciler.Behaviour = (_, number, _) => Task.FromResult(number == 1 ? ReconcileResult.After(TimeSpan.FromMilliseconds(10)) : ReconcileResult.Done);
        await CreateAsync("a");
        Start();

        Assert.That(await Eventually.HoldsAsync(() => _logger.Lines.Count(line => line.EventId is 124) == 1, Patience), Is.True);
        var scopes = _logger.Lines.Where(line => line.EventId == 123).Select(line => line.Scope).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(scopes, Has.Count.EqualTo(2));
            Assert.That(scopes, Has.All.Match(@"^Reconcile default/a [0-9a-f]{8}-[0-9a-f]{4}-"));
            Assert.That(scopes.Distinct().Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Metrics_BeforeAnyReconcile_EverySeriesExistsAtZero()
    {
        _ = new RuntimeMetrics("idle", Metrics.WithCustomRegistry(_registry));

        var text = await ExportAsync();

        Assert.Multiple(() =>
        {
            foreach (var result in new[] { "success", "error", "requeue_after" })
            {
                Assert.That(text, Does.Contain($"controller_runtime_reconcile_total{{controller=\"idle\",result=\"{result}\"}} 0"));
            }

            Assert.That(text, Does.Contain("controller_runtime_reconcile_errors_total{controller=\"idle\"} 0"));
            Assert.That(text, Does.Contain("controller_runtime_terminal_reconcile_errors_total{controller=\"idle\"} 0"));
            Assert.That(text, Does.Contain("controller_runtime_reconcile_time_seconds_count{controller=\"idle\"} 0"));
            Assert.That(text, Does.Contain("workqueue_depth{name=\"idle\"} 0"));
        });
    }

    [Test]
    public async Task Metrics_QueueDepthAndDurations_Recorded()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reconciler.Behaviour = async (_, _, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return ReconcileResult.Done;
        };
        await CreateAsync("a");
        await CreateAsync("b");
        await CreateAsync("c");
        Start();

        Assert.That(await Eventually.HoldsAsync(
            () => ReadMetric("workqueue_depth") == 2 && ReadMetric("controller_runtime_active_workers") == 1, Patience), Is.True,
            "one in progress, two waiting");
        gate.SetResult();
        Assert.That(await Eventually.HoldsAsync(() => ReadMetric("controller_runtime_reconcile_time_seconds_count") == 3, Patience), Is.True);
        Assert.That(ReadMetric("workqueue_depth"), Is.Zero);
    }

    [Test]
    public void Configure_Misuse_Rejected()
    {
        var informer = new Informer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"), _logger);
        using var withoutPrimary = NewController();
        using var twice = NewController().For(informer);

        Assert.Multiple(() =>
        {
            Assert.That(async () => await withoutPrimary.RunAsync(CancellationToken.None), Throws.InvalidOperationException);
            Assert.That(() => twice.For(informer), Throws.InvalidOperationException);
            Assert.That(() => NewController(options: new ControllerOptions { Workers = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    private Controller NewController(TimeProvider? clock = null, ControllerOptions? options = null) =>
        new("test", _reconciler, _logger, options ?? new ControllerOptions(), clock, new RuntimeMetrics("test", Metrics.WithCustomRegistry(_registry)));

    private (Controller Controller, Informer<V1ConfigMap> Informer) Start(TimeProvider? clock = null, ControllerOptions? options = null)
    {
        var informer = new Informer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(_client, "default"), _logger, RunningInformer<V1ConfigMap>.Fast);
        var controller = NewController(clock, options).For(informer);
        Run(controller);
        return (controller, informer);
    }

    private void Run(Controller controller)
    {
        var stop = new CancellationTokenSource();
        _running.Add((controller, Task.Run(() => controller.RunAsync(stop.Token)), stop));
    }

    private static async Task WaitUntilWaitingAsync(Controller controller) =>
        Assert.That(await Eventually.HoldsAsync(() => controller.Queue.WaitingCount == 1, Patience), Is.True, "the key waits for its delay");

    private double ReadMetric(string name, string? labelFilter = null)
    {
        var text = ExportAsync().GetAwaiter().GetResult();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal)
            && l.Contains("\"test\"", StringComparison.Ordinal)
            && (labelFilter is null || l.Contains(labelFilter, StringComparison.Ordinal)));
        return line is null ? double.NaN : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private string? CurrentWidgetVersion(string name) =>
        _server.GetObject("example.test/v1", "Widget", null, name)?["metadata"]?["resourceVersion"]?.GetValue<string>();

    private Task<V1ConfigMap> CreateAsync(string name) =>
        _client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap(name, ns: null), "default");

    private Task<V1ConfigMap> PatchDataAsync(string name, string value) =>
        _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch($$$"""{"data":{"key":"{{{value}}}"}}""", V1Patch.PatchType.MergePatch), name, "default");

    private async Task<Widget> CreateWidgetAsync(string name)
    {
        await _client.CustomObjects.CreateClusterCustomObjectAsync(TestObjects.Widget(name), "example.test", "v1", "widgets");
        return (await _client.CustomObjects.GetClusterCustomObjectAsync<Widget>("example.test", "v1", "widgets", name))!;
    }
}
