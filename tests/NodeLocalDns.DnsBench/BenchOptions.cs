using System.Globalization;

namespace NodeLocalDns.DnsBench;

/// <summary>
/// Command-line options, each a flag with two leading dashes: <c>dnscache PATH</c>, <c>seconds N</c>, <c>rate QPS</c>,
/// <c>servers a,b</c>, <c>workloads a,b</c>, <c>names N</c>, <c>rounds N</c>, <c>quick</c>.
/// </summary>
internal sealed record BenchOptions
{
    public string DnscacheBinary { get; init; } = DnsCacheBinaryDefault();

    /// <summary>Length of each max-throughput run.</summary>
    public int Seconds { get; init; } = 10;

    /// <summary>The fixed rate at which latency percentiles are measured (issue 13 measures the miss p99 at 5k qps).</summary>
    public int Rate { get; init; } = 5_000;

    public IReadOnlyList<string> Servers { get; init; } = ["dnscache", "unbound", "dnsmasq", "dnsdist"];

    /// <summary>
    /// Which workloads run: <c>hits</c>, <c>search</c>, <c>misses</c>. With fewer than all three the RSS with the cached
    /// names and the start time are skipped (a shorter run to compare miss paths over several interleaved runs).
    /// </summary>
    public IReadOnlyList<string> Workloads { get; init; } = AllWorkloads;

    public static IReadOnlyList<string> AllWorkloads { get; } = ["hits", "search", "misses"];

    public bool AllSelected => AllWorkloads.All(Workloads.Contains);

    /// <summary>Names in the zone (cache-hit set, 100k-names RSS check).</summary>
    public int CachedNames { get; init; } = 100_000;

    /// <summary>
    /// How many times the servers are measured in turn (dnscache, then each peer, then again): single runs on a shared
    /// machine swing by tens of percent, so ratios are compared round by round and summarised by their median.
    /// </summary>
    public int Rounds { get; init; } = 1;

    public int ServerCore { get; init; }

    public int ClientCore { get; init; } = 1;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : string.Empty;
            options = args[i] switch
            {
                "--dnscache" => options with { DnscacheBinary = value },
                "--seconds" => options with { Seconds = Number(args[i], value) },
                "--rate" => options with { Rate = Number(args[i], value) },
                "--servers" => options with { Servers = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--workloads" => options with { Workloads = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--names" => options with { CachedNames = Number(args[i], value) },
                "--rounds" => options with { Rounds = Number(args[i], value) },
                "--quick" => options with { Seconds = 3, Rate = 5_000, CachedNames = 20_000 },
                _ => throw new ArgumentException(
                    $"unknown option {args[i]}; use --dnscache PATH --seconds N --rate QPS --servers a,b " +
                    "--workloads hits,search,misses --names N --rounds N --quick"),
            };
            if (args[i] != "--quick")
            {
                i++;
            }
        }

        return options;
    }

    // A positive whole number, or an error naming the flag.
    private static int Number(string flag, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{flag} needs a positive whole number, not '{value}'");

    private static string DnsCacheBinaryDefault()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeLocalOperator.sln")))
            {
                return Path.Combine(dir.FullName, NodeLocalDns.Testing.Peers.DnsCacheProcess.PublishedPath);
            }
        }

        return NodeLocalDns.Testing.Peers.DnsCacheProcess.PublishedPath;
    }
}
