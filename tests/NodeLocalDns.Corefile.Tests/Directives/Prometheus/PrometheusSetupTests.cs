using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Prometheus;

/// <summary><c>prometheus</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class PrometheusSetupTests
{
    [TestCase("prometheus", "localhost", 9153)]
    [TestCase("prometheus 127.0.0.1:9253", "127.0.0.1", 9253)]
    [TestCase("prometheus [::1]:9253", "::1", 9253)]
    [TestCase("prometheus :9253", null, 9253)]
    public void Load_PrometheusAddress_IsParsed(string line, string? host, int port)
    {
        var server = DnsCacheConfigLoader.Load($".:53 {{\n {line}\n}}").Servers[0];
        Assert.That(server.Prometheus!.Address, Is.EqualTo(new HttpListenAddress(host, port)));
    }

    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  prometheus :70000\n}", 2, 14, "out of range")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
