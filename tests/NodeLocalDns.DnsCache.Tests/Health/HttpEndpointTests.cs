using System.Net;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Health;

[CancelAfter(60_000)]
public sealed class HttpEndpointTests
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
}
