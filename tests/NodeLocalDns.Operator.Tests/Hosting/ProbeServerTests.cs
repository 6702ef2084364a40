using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NodeLocalDns.Operator.Hosting;

namespace NodeLocalDns.Operator.Tests.Hosting;

/// <summary>The small HTTP listener for the probes and metrics: addresses as the flags give them, and its answers.</summary>
public sealed class ProbeServerTests
{
    [TestCase(":8080", "::", 8080)]
    [TestCase("0.0.0.0:8081", "0.0.0.0", 8081)]
    [TestCase("127.0.0.1:0", "127.0.0.1", 0)]
    [TestCase("[::1]:9090", "::1", 9090)]
    [TestCase("http://0.0.0.0:8080", "0.0.0.0", 8080)]
    [TestCase("localhost:8080", "127.0.0.1", 8080)]
    public void Parse_Address_IsTheEndpoint(string address, string ip, int port) =>
        Assert.That(ProbeServer.Parse(address), Is.EqualTo(new IPEndPoint(IPAddress.Parse(ip), port)));

    [TestCase("8080")]
    [TestCase("host.example:8080")]
    [TestCase(":99999")]
    public void Parse_NotAnAddress_Throws(string address) =>
        Assert.That(() => ProbeServer.Parse(address), Throws.TypeOf<FormatException>());

    [Test]
    public async Task Serve_Paths_AnswerAsTheProbesAndPrometheusExpect()
    {
        var state = new OperatorState();
        await using var server = ProbeServer.Start(["127.0.0.1:0"], state, NullLogger.Instance);
        using var http = new HttpClient { BaseAddress = server.Urls[0], Timeout = TimeSpan.FromSeconds(5) };

        var healthz = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var starting = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        state.Enter("standby");
        var standby = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var missing = await http.GetAsync(new Uri("/nothing", UriKind.Relative));
        using var post = await http.PostAsync(new Uri("/healthz", UriKind.Relative), new StringContent(string.Empty));

        Assert.Multiple(async () =>
        {
            Assert.That(healthz.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await healthz.Content.ReadAsStringAsync(), Is.EqualTo("ok\n"));
            Assert.That(starting.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await starting.Content.ReadAsStringAsync(), Is.EqualTo("not ready (starting)\n"));
            Assert.That(standby.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(metrics.Content.Headers.ContentType?.ToString(), Does.StartWith("text/plain; version=0.0.4"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        });
    }
}
