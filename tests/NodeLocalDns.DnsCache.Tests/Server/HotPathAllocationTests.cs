using Microsoft.Extensions.Logging.Abstractions;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;
using NodeLocalDns.DnsCache.Server;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Server;

/// <summary>The cache-hit path (parse, route, look up, copy, patch, metrics) must not allocate.</summary>
public sealed class HotPathAllocationTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void ProcessFast_CacheHit_AllocatesNothing(bool edns)
    {
        var config = DnsCacheConfigLoader.Load("example.test:53 {\n cache 30\n forward . 127.0.0.1:9\n}\n");
        var metrics = new DnsMetrics();
        using var runtime = ServerRuntime.Build(config, metrics, TimeProvider.System, NullLogger.Instance);
        var route = new ListenerRoute(runtime.Routes.Values.Single());
        var processor = new RequestProcessor(metrics, TimeProvider.System, NullLogger.Instance);
        var name = Wire.Name("www.example.test");
        var upstream = UpstreamResponse.TryCreate(new Wire(1, 0x81, 0x80).Question("www.example.test").A("@", 300, 192, 0, 2, 1).Build(), 1, name, 1, 1)!;
        runtime.Pipelines[0].Cache!.Responses.Store([.. name, 0, 1, 0, 1, 0], upstream, TimeProvider.System.GetTimestamp());

        var query = RawDns.Query("WWW.example.test", ednsSize: edns ? 1232 : null);
        var output = new byte[4096];
        for (var i = 0; i < 1000; i++)
        {
            processor.ProcessFast(route, query, output, false, false, out _);
        }

        // Rounds of 10,000: a one-time allocation of the runtime (tiering up a method) may land in the first
        // one; a per-query allocation would show in every round.
        long allocated = -1;
        var length = 0;
        for (var round = 0; round < 5 && allocated != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                length = processor.ProcessFast(route, query, output, false, false, out _);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(length, Is.GreaterThan(0));
        Assert.That(RawDns.Parse(output[..length]).AnswerRecords, Has.Count.EqualTo(1));
        Assert.That(allocated, Is.Zero);
    }
}
