using NodeLocalDns.KubeApiServer.Tests.Support;

namespace NodeLocalDns.KubeApiServer.Tests.Faults;

[TestFixture]
public sealed class FaultInjectionTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Test]
    public async Task InjectFault_CountLimited_FailsOnlyTheNextMatchingRequests()
    {
        using var fault = Server.InjectFault(request => request is { Verb: "create", Resource: "configmaps" }, 500, times: 2);

        var first = await Http.PostAsync(ConfigMaps, Objects.ConfigMap("a"));
        var list = await Http.GetAsync(ConfigMaps);
        var second = await Http.PostAsync(ConfigMaps, Objects.ConfigMap("a"));
        var third = await Http.PostAsync(ConfigMaps, Objects.ConfigMap("a"));

        Assert.Multiple(() =>
        {
            Assert.That(first.Code, Is.EqualTo(500));
            Assert.That(first.Reason, Is.EqualTo("InternalError"));
            Assert.That(list.Code, Is.EqualTo(200));
            Assert.That(second.Code, Is.EqualTo(500));
            Assert.That(third.Code, Is.EqualTo(201));
        });
    }

    [Test]
    public async Task InjectFault_TooManyRequests_CarriesRetryAfter()
    {
        using var fault = Server.InjectFault(request => request.Verb == "list", 429);

        var response = await Http.GetAsync(ConfigMaps);

        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(429));
            Assert.That(response.Reason, Is.EqualTo("TooManyRequests"));
            Assert.That(response.RetryAfter, Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task InjectFault_Decider_FailsUntilDisposed()
    {
        var fault = Server.InjectFault(request => request.Name == "flaky" ? 503 : null);

        var failing = await Http.GetAsync(ConfigMaps + "/flaky");
        var other = await Http.GetAsync(ConfigMaps + "/other");
        fault.Dispose();
        var afterwards = await Http.GetAsync(ConfigMaps + "/flaky");

        Assert.Multiple(() =>
        {
            Assert.That(failing.Code, Is.EqualTo(503));
            Assert.That(other.Code, Is.EqualTo(404));
            Assert.That(afterwards.Code, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task InjectFault_Conflict_LooksLikeAnOptimisticConcurrencyFailure()
    {
        await Http.CreateAsync(ConfigMaps, Objects.ConfigMap("x"));
        using var fault = Server.InjectFault(request => request.Verb == "update", 409);

        var response = await Http.PutAsync(ConfigMaps + "/x", Objects.ConfigMap("x"));

        Assert.That(response.Code, Is.EqualTo(409));
        Assert.That(response.Reason, Is.EqualTo("Conflict"));
    }
}
