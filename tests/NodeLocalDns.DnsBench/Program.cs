using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsBench;

/// <summary>
/// The daemon against unbound, dnsmasq and dnsdist with dnsperf, as <c>make bench</c> runs it; its options are in
/// <see cref="BenchOptions"/> and dnscache/README.md ("Performance").
/// Needs the published daemon (<c>make publish</c>) and the Debian packages knot, unbound, dnsmasq, dnsdist, dnsperf.
/// </summary>
internal static class Program
{
    // The workloads leave about 30,000 names cached after hits and the search-path mix (20,000 hits, 1,000 external
    // names asked through the ndots:5 search path: 8 names each, plus the cluster services), and about 130,000 after
    // the misses (one pass over 130,000 unique names); the cache holds them all.
    private const int HitNames = 20_000;
    private const int SearchPathNames = 1_000;
    private const int MissNames = 130_000;
    private const int WorkloadCapacity = 150_000;

    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            // A bad flag is one line and exit 2, as the daemon's are.
            await Console.Error.WriteLineAsync($"dnsbench: {e.Message}");
            return 2;
        }

        if (!File.Exists(options.DnscacheBinary) && options.Servers.Contains("dnscache"))
        {
            await Console.Error.WriteLineAsync($"{options.DnscacheBinary} does not exist: run `make publish` first.");
            return 2;
        }

        var work = Directory.CreateTempSubdirectory("dnsbench-").FullName;
        try
        {
            return await RunAsync(options, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<int> RunAsync(BenchOptions options, string work)
    {
        // The harness's own threads (reading dnsperf's per-query lines during the latency runs) stay off the server's core;
        // the servers, knotd and dnsperf are each pinned explicitly.
        BenchServer.Pin(Environment.ProcessId, options.ClientCore);
        Log($"starting knotd with {options.CachedNames} names");
        await using var knot = await KnotAuthoritativeServer.StartAsync(
            Zones.ExampleTest(options.CachedNames), extraZones: new Dictionary<string, string> { ["cluster.local"] = Zones.ClusterLocal() });
        BenchServer.Pin(knot.Pid, options.ClientCore);

        var hits = Write(work, "hits.txt", Zones.Hits(HitNames));
        var k8s = Write(work, "k8s.txt", Zones.KubernetesSearchPath(SearchPathNames));
        var allNames = Write(work, "all.txt", Zones.Hits(options.CachedNames));
        var results = new List<WorkloadResult>();
        var rss100k = new Dictionary<string, double>();
        var startMs = new Dictionary<string, double>();

        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var name in options.Servers)
            {
                Log(options.Rounds > 1 ? $"{name}: workloads, round {round} of {options.Rounds}" : $"{name}: workloads");
                await using (var server = await BenchServer.StartAsync(name, knot.Endpoint, options, capacity: WorkloadCapacity))
                {
                    if (options.Workloads.Contains("hits"))
                    {
                        results.Add(await MeasureAsync(server, "cache hits", hits, warm: true, options) with { Round = round });
                    }

                    if (options.Workloads.Contains("search"))
                    {
                        results.Add(await MeasureAsync(server, "k8s search path (ndots:5)", k8s, warm: true, options) with { Round = round });
                    }

                    if (options.Workloads.Contains("misses"))
                    {
                        // Names of their own in every round: knotd answers them, no server has them cached.
                        var misses = Write(work, $"miss-{name}.txt", Zones.Misses($"{name}-r{round}", MissNames));
                        var latency = Write(work, $"miss-lat-{name}.txt", Zones.Misses($"{name}-r{round}-lat", options.Rate * 6));
                        var row = await MeasureAsync(server, "cache misses (unique names)", misses, warm: false, options, latencyFile: latency);
                        results.Add(row with { Round = round });
                    }
                }

                if (!options.AllSelected || round > 1)
                {
                    continue;
                }

                Log($"{name}: RSS with {options.CachedNames} cached names");
                await using (var server = await BenchServer.StartAsync(name, knot.Endpoint, options, capacity: options.CachedNames + 1000))
                {
                    await DnsPerf.RunAsync(server.Endpoint, allNames, options.ClientCore, 120, runs: 1);
                    await Task.Delay(TimeSpan.FromSeconds(6));
                    rss100k[name] = ProcessStats.RssMiB(server.Pid);
                }
            }
        }

        if (options.Servers.Contains("dnscache") && options.AllSelected)
        {
            startMs["dnscache"] = await StartToFirstAnswerAsync(options.DnscacheBinary, work);
        }

        Console.WriteLine();
        Console.WriteLine(Report.Render(results, rss100k, startMs, options));
        return 0;
    }

    private static async Task<WorkloadResult> MeasureAsync(BenchServer server, string workload, string file, bool warm,
        BenchOptions options, string? latencyFile = null)
    {
        if (warm)
        {
            await DnsPerf.RunAsync(server.Endpoint, file, options.ClientCore, 60, runs: 1);
        }

        // The harness is quiet while dnsperf runs: its garbage collected now, not on a core under measurement.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var cpuBefore = ProcessStats.CpuSeconds(server.Pid);
        var throughput = await DnsPerf.RunAsync(server.Endpoint, file, options.ClientCore, options.Seconds, runs: warm ? null : 1);
        var cpu = ProcessStats.CpuSeconds(server.Pid) - cpuBefore;
        var latency = await DnsPerf.RunAsync(server.Endpoint, latencyFile ?? file, options.ClientCore, 5, rate: options.Rate,
            runs: latencyFile is null ? null : 1, verbose: true);

        // RSS once the server has been idle for a few seconds (what a node sees between bursts).
        await Task.Delay(TimeSpan.FromSeconds(6));
        var row = new WorkloadResult(
            server.Name,
            workload,
            throughput.Qps,
            throughput.Lost,
            throughput.Sent,
            throughput.Completed > 0 ? cpu / throughput.Completed * 1e6 : double.NaN,
            latency.Percentile(50) * 1000,
            latency.Percentile(99) * 1000,
            ProcessStats.RssMiB(server.Pid));
        Log($"  {workload}: {row.Qps:F0} qps, {row.CpuMicrosPerQuery:F2} µs/query, p50 {row.P50Ms:F3} ms, p99 {row.P99Ms:F3} ms, lost {row.Lost}");
        return row;
    }

    // Wall time from exec to the first answered query, polling every millisecond.
    private static async Task<double> StartToFirstAnswerAsync(string binary, string work)
    {
        const string QueryName = "{{ .Name }}";
        var port = FreePort.Next();
        var corefile = Path.Combine(work, "Corefile.start");
        await File.WriteAllTextAsync(corefile, $$"""
            .:{{port}} {
                bind 127.0.0.1
                template IN A {
                    answer "{{QueryName}} 60 IN A 192.0.2.1"
                }
            }
            """);
        var samples = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 1 };
            var query = PeerProcess.MinimalQuery("start.test");
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo(binary, ["-conf", corefile])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var buffer = new byte[512];
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                socket.SendTo(query, new IPEndPoint(IPAddress.Loopback, port));
                try
                {
                    if (socket.Receive(buffer) > 0)
                    {
                        break;
                    }
                }
                catch (SocketException)
                {
                }
            }

            samples.Add(clock.Elapsed.TotalMilliseconds);
            process.Kill();
            await process.WaitForExitAsync();
        }

        return samples.Order().ElementAt(samples.Count / 2);
    }

    private static string Write(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
