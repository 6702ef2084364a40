using System.Diagnostics;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;
using NodeLocalDns.Controllers.Tests.Support;
using NodeLocalDns.KubeApiServer;

namespace NodeLocalDns.Controllers.Tests.Resilience;

/// <summary>The retry pipelines against the in-process API server with injected faults.</summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class ApiResilienceTests
{
    private static readonly ApiRetryOptions Quick = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(20) };

    private TestKubeApiServer _server = null!;
    private Kubernetes _client = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _server = await TestKubeApiServer.StartAsync();
        _client = _server.CreateClient();
        await _client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a", ns: null), "default");
        _server.ResetWriteCounts();
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    [TestCase(429)]
    public async Task Execute_TransientFailures_RetriedUntilSuccess(int status)
    {
        var logger = new TestLogger();
        using var fault = _server.InjectFault(IsGetOfA, status, times: 2);
        var pipeline = ApiResilience.CreatePipeline(Quick, logger: logger);

        var result = await pipeline.ExecuteAsync(async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: ct));

        Assert.Multiple(() =>
        {
            Assert.That(result.Metadata.Name, Is.EqualTo("a"));
            Assert.That(Gets(), Is.EqualTo(3));
            Assert.That(logger.Lines.Count(line => line.EventId == 160), Is.EqualTo(2));
        });
    }

    [TestCase(400)]
    [TestCase(403)]
    [TestCase(404)]
    [TestCase(409)]
    [TestCase(422)]
    public void Execute_ClientErrors_NotRetried(int status)
    {
        using var fault = _server.InjectFault(IsGetOfA, status, times: 5);
        var pipeline = ApiResilience.CreatePipeline(Quick);

        var error = Assert.ThrowsAsync<HttpOperationException>(async () => await pipeline.ExecuteAsync(
            async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: ct)));

        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.StatusCode(error!), Is.EqualTo(status));
            Assert.That(Gets(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Execute_PersistentOutage_GivesUpAfterTheBudget()
    {
        using var fault = _server.InjectFault(request => IsGetOfA(request) ? 503 : null);
        var pipeline = ApiResilience.CreatePipeline(new ApiRetryOptions
        {
            MaxRetryAttempts = 3,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(5),
        });

        Assert.ThrowsAsync<HttpOperationException>(async () => await pipeline.ExecuteAsync(
            async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: ct)));
        Assert.That(Gets(), Is.EqualTo(4));
    }

    [Test]
    public async Task Execute_RetryAfter_WaitsAsLongAsTheServerAsks()
    {
        using var fault = _server.InjectFault(IsGetOfA, 429, times: 1);
        var pipeline = ApiResilience.CreatePipeline(new ApiRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromSeconds(5) });
        var clock = Stopwatch.StartNew();

        await pipeline.ExecuteAsync(async ct => await _client.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: ct));

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)), "the server's Retry-After: 1, not the 1 ms base delay");
    }

    [Test]
    public void Execute_ConnectionRefused_Retried()
    {
        using var unreachable = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        var attempts = 0;
        var pipeline = ApiResilience.CreatePipeline(new ApiRetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1) });

        Assert.ThrowsAsync<HttpRequestException>(async () => await pipeline.ExecuteAsync(async ct =>
        {
            attempts++;
            await unreachable.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: ct);
        }));
        Assert.That(attempts, Is.EqualTo(3));
    }

    [Test]
    public async Task ConflictPipeline_ReReadOnEachAttempt_Succeeds()
    {
        using var fault = _server.InjectFault(request => request.Verb == "update" && request.Resource == "configmaps", 409, times: 2);
        var pipeline = ApiResilience.CreateConflictPipeline();
        var reads = 0;

        var updated = await pipeline.ExecuteAsync(async ct =>
        {
            var current = await _client.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: ct);
            reads++;
            current.Data["key"] = "new";
            return await _client.CoreV1.ReplaceNamespacedConfigMapAsync(current, "a", "default", cancellationToken: ct);
        });

        Assert.Multiple(() =>
        {
            Assert.That(updated.Data["key"], Is.EqualTo("new"));
            Assert.That(reads, Is.EqualTo(3));
        });
    }

    [Test]
    public void ConflictPipeline_AlreadyExists_NotRetried()
    {
        var pipeline = ApiResilience.CreateConflictPipeline();
        var attempts = 0;

        var error = Assert.ThrowsAsync<HttpOperationException>(async () => await pipeline.ExecuteAsync(async ct =>
        {
            attempts++;
            await _client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a", ns: null), "default", cancellationToken: ct);
        }));

        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.IsAlreadyExists(error!), Is.True);
            Assert.That(attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Classify_RealServerAnswers()
    {
        var missing = Assert.ThrowsAsync<HttpOperationException>(async () => await _client.CoreV1.ReadNamespacedConfigMapAsync("missing", "default"));
        var exists = Assert.ThrowsAsync<HttpOperationException>(
            async () => await _client.CoreV1.CreateNamespacedConfigMapAsync(TestObjects.ConfigMap("a", ns: null), "default"));
        var stale = await _client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"moved on"}}""", V1Patch.PatchType.MergePatch), "a", "default");
        var conflict = Assert.ThrowsAsync<HttpOperationException>(async () => await _client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, "a", "default"));

        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.IsNotFound(missing!), Is.True);
            Assert.That(ApiErrors.IsAlreadyExists(exists!), Is.True);
            Assert.That(ApiErrors.IsConflict(exists!), Is.False);
            Assert.That(ApiErrors.IsConflict(conflict!), Is.True);
            Assert.That(ApiErrors.IsAlreadyExists(conflict!), Is.False);
        });
    }

    private static bool IsGetOfA(ApiRequestInfo request) => request.Verb == "get" && request.Resource == "configmaps" && request.Name == "a";

    private int Gets() => _server.Requests.Count(IsGetOfA);
}
