using System.Text;
using BenchmarkDotNet.Attributes;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Rendering;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Benchmarks.Rendering;

/// <summary>
/// Target (issue 3): reading a CoreDNS Corefile with 1,000 stub domains and rendering the node-cache
/// Corefile takes under 20 ms. <see cref="Program"/> checks the measured mean against it.
/// </summary>
[MemoryDiagnoser]
public class StubDomainRenderingBenchmarks
{
    /// <summary>The target for <see cref="ExtractAndRender"/>.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromMilliseconds(20);

    private ClusterDnsInputs _inputs = null!;
    private ClusterDnsConfig _config = null!;
    private readonly NodeCacheSettings _settings = new() { ClusterDnsIp = "10.96.0.10", UpstreamIp = "10.96.0.11" };

    [Params(1000)]
    public int StubDomains { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // kubeadm's default Corefile (collected in tests/testdata), followed by the stub domains.
        var corefile = new StringBuilder(File.ReadAllText(TestData.Shared("corefiles", "kubeadm-default.Corefile"))).Append('\n');
        for (var i = 0; i < StubDomains; i++)
        {
            corefile.Append(
                $"zone{i}.corp.example:53 {{\n    errors\n    cache 30\n" +
                $"    forward . 10.{i / 250}.{i % 250}.1 10.{i / 250}.{i % 250}.2 {{\n        policy sequential\n    }}\n}}\n");
        }

        _inputs = new ClusterDnsInputs
        {
            CoreDns = new ConfigMapData("kube-system", "coredns", new Dictionary<string, string> { ["Corefile"] = corefile.ToString() }),
        };
        _config = ClusterDnsReader.Read(_inputs);
        if (_config.StubDomains.Count != StubDomains)
        {
            throw new InvalidOperationException($"expected {StubDomains} stub domains, read {_config.StubDomains.Count}");
        }
    }

    [Benchmark(Description = "extract + render")]
    public string ExtractAndRender() => NodeCacheCorefileRenderer.Render(ClusterDnsReader.Read(_inputs), _settings);

    [Benchmark(Description = "extract")]
    public ClusterDnsConfig Extract() => ClusterDnsReader.Read(_inputs);

    [Benchmark(Description = "render")]
    public string Render() => NodeCacheCorefileRenderer.Render(_config, _settings);

    [Benchmark(Description = "render + daemon validation")]
    public object RenderAndValidate() => RenderedCorefileValidator.Validate(NodeCacheCorefileRenderer.Render(_config, _settings));
}
