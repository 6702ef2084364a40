using NodeLocalDns.DnsCache.Tests.Support;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Directives.Template;

[CancelAfter(60_000)]
[Category(TestCategories.Peers)]
public sealed class TemplateTests
{
    private const string QueryName = "{{ .Name }}";

    private DaemonUnderTest _daemon = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _daemon = await DaemonUnderTest.StartAsync($$"""
            noipv6.test:0 {
                template IN AAAA {
                    rcode NOERROR
                }
                template IN A {
                    match ^fixed[.]
                    answer "{{QueryName}} 120 IN A 192.0.2.77"
                    fallthrough
                }
                template IN A {
                    answer "{{QueryName}} 30 IN A 192.0.2.1"
                }
            }
            """);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _daemon.DisposeAsync();

    [Test]
    public async Task Template_Aaaa_IsEmptyNoError()
    {
        var result = await DigClient.QueryAsync(_daemon.Udp, "anything.noipv6.test", "AAAA");
        Assert.That(result.Status, Is.EqualTo("NOERROR"));
        Assert.That(result.AnswerLines, Is.Empty);
    }

    [Test]
    public async Task Template_MatchingRegex_AnswersItsRecord()
    {
        var result = await DigClient.QueryAsync(_daemon.Udp, "fixed.noipv6.test", "A");
        Assert.That(result.AnswerSet, Is.EqualTo(new[] { "fixed.noipv6.test. IN A 192.0.2.77" }));
        Assert.That(result.AnswerTtls, Is.EqualTo(new[] { 120 }));
    }

    [Test]
    public async Task Template_RegexMissWithFallthrough_NextTemplateAnswers()
    {
        var result = await DigClient.QueryAsync(_daemon.Udp, "other.noipv6.test", "A");
        Assert.That(result.AnswerSet, Is.EqualTo(new[] { "other.noipv6.test. IN A 192.0.2.1" }));
    }
}
