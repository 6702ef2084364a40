using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Resilience;
using NodeLocalDns.Controllers.Tests.Support;

namespace NodeLocalDns.Controllers.Tests.Informers;

/// <summary>
/// Answers a real API server does not give but a broken proxy, a truncated stream or a newer server might: each ends
/// the list or watch with an exception that says what was wrong, which the informer turns into a retry or a relist.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ApiCollectionClientTests
{
    private static async Task<Exception?> WatchFailure(string stream)
    {
        await using var server = new CannedHttpServer(200, stream);
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        var watcher = ListWatchers.For<V1ConfigMap>(client, "kube-system");
        try
        {
            await foreach (var _ in watcher.WatchAsync("1", TimeSpan.FromSeconds(5), CancellationToken.None))
            {
            }

            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    [Test]
    public async Task Watch_LineThatIsNotJson_FailsWithAJsonError()
    {
        var error = await WatchFailure("<html>502 Bad Gateway</html>\n");
        Assert.That(error, Is.InstanceOf<JsonException>());
    }

    [Test]
    public async Task Watch_EventOfUnknownType_FailsNamingTheTypeAndTheLine()
    {
        var error = await WatchFailure("""{"type":"RENAMED","object":{"metadata":{"name":"a"}}}""" + "\n");
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.InstanceOf<JsonException>());
            Assert.That(error!.Message, Does.Contain("unknown type RENAMED").And.Contain("\"name\":\"a\""));
        });
    }

    [Test]
    public async Task Watch_EventWithoutObject_FailsSayingSo()
    {
        var error = await WatchFailure("""{"type":"ADDED"}""" + "\n");
        Assert.That(error?.Message, Does.Contain("without an object"));
    }

    [Test]
    public async Task Watch_ErrorEvent_IsTheStatusItCarries()
    {
        var error = await WatchFailure(
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old"}}""" + "\n");
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.InstanceOf<KubernetesException>());
            Assert.That(ApiErrors.IsGone(error!), Is.True, "a 410 in the stream means relist");
            Assert.That(ApiErrors.Reason(error!), Is.EqualTo("Expired"));
        });
    }

    [Test]
    public async Task Watch_ObjectTheModelRefuses_IsSetAsideByName()
    {
        var error = await WatchFailure(
            """{"type":"ADDED","object":{"metadata":{"name":"odd","namespace":"kube-system","resourceVersion":"7"},"data":"not a map"}}""" + "\n");
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.InstanceOf<UndecodableObjectException>());
            Assert.That((error as UndecodableObjectException)?.Object?.Key.Name, Is.EqualTo("odd"));
        });
    }

    [Test]
    public async Task List_AnsweredWithAStatus500_IsAnHttpErrorWithItsCodeAndReason()
    {
        await using var server = new CannedHttpServer(500,
            """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"InternalError","code":500,"message":"etcd is down"}""");
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        var error = Assert.ThrowsAsync<HttpOperationException>(() => ListWatchers.For<V1ConfigMap>(client, "kube-system").ListAsync(CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.StatusCode(error!), Is.EqualTo(500));
            Assert.That(ApiErrors.Reason(error!), Is.EqualTo("InternalError"));
            Assert.That(ApiErrors.IsTransient(error!), Is.True, "retried with backoff");
            Assert.That(error!.Message, Does.Contain("etcd is down"));
        });
    }

    [Test]
    public async Task List_BodyThatIsNotJson_FailsWithAJsonError()
    {
        await using var server = new CannedHttpServer(200, "<html>a login page</html>");
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        Assert.That(async () => await ListWatchers.For<V1ConfigMap>(client, "kube-system").ListAsync(CancellationToken.None),
            Throws.InstanceOf<JsonException>());
    }
}
