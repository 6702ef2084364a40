using System.Net;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Observability;

[CancelAfter(60_000)]
public sealed class ObservabilityHttpServerTests
{
    private DaemonUnderTest _daemon = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [OneTimeSetUp]
    public async Task StartAsync() => _daemon = await DaemonUnderTest.StartAsync("""
        example.test:0 {
            health 127.0.0.1:0
            ready 127.0.0.1:0
            prometheus 127.0.0.1:0
            template IN A {
                answer "{{ .Name }} 60 IN A 192.0.2.1"
            }
        }
        """);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _daemon.DisposeAsync();
        _http.Dispose();
    }

    private Uri Url(string path) => new($"http://{DaemonUnderTest.Loopback(_daemon.Host.HttpEndpoint(path)!)}{path}");

    [TestCase("/health")]
    [TestCase("/ready")]
    public async Task Get_HealthAndReady_Answer200Ok(string path)
    {
        using var response = await _http.GetAsync(Url(path));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("OK"));
    }

    [Test]
    public async Task Get_UnknownPath_Is404()
    {
        using var response = await _http.GetAsync(new Uri(Url("/health"), "/nope"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Lameduck_DuringShutdown_ReadyIs503WhileDnsAndHealthStillServe()
    {
        await using var daemon = await DaemonUnderTest.StartAsync("""
            example.test:0 {
                health 127.0.0.1:0 {
                    lameduck 2s
                }
                ready 127.0.0.1:0
                template IN A {
                    answer "{{ .Name }} 60 IN A 192.0.2.1"
                }
            }
            """);
        var lameduck = daemon.Host.EnterLameduckAsync();
        await Task.Delay(200);
        using (var ready = await _http.GetAsync(new Uri($"http://{DaemonUnderTest.Loopback(daemon.Host.HttpEndpoint("/ready")!)}/ready")))
        using (var health = await _http.GetAsync(new Uri($"http://{DaemonUnderTest.Loopback(daemon.Host.HttpEndpoint("/health")!)}/health")))
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(RawDns.Rcode((await RawDns.UdpAsync(daemon.Udp, RawDns.Query("a.example.test")))!), Is.Zero);
        Assert.That(lameduck.IsCompleted, Is.False);
        await lameduck;
    }
}
