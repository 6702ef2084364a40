using System.Globalization;
using System.Text;

namespace NodeLocalDns.DnsBench;

/// <summary>The Markdown tables printed at the end of a run.</summary>
internal static class Report
{
    public static string Render(IReadOnlyList<WorkloadResult> results, IReadOnlyDictionary<string, double> rss100k,
        IReadOnlyDictionary<string, double> startMs, BenchOptions options)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"## DNS cache benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
            $"server on core {options.ServerCore}, dnsperf on core {options.ClientCore}, " +
            $"{options.Seconds} s per run, latency at {options.Rate} qps)");
        sb.AppendLine();
        var rounds = options.Rounds > 1;
        sb.AppendLine((rounds ? "| round " : string.Empty) +
            "| workload | server | QPS | × unbound | CPU µs/query | × unbound | p50 ms | p99 ms | lost | RSS MiB |");
        sb.AppendLine((rounds ? "|---:" : string.Empty) + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => (r.Round, r.Workload)))
        {
            var unbound = group.FirstOrDefault(r => r.Server == "unbound");
            foreach (var r in group)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"{(rounds ? $"| {r.Round} " : string.Empty)}| {r.Workload} | {r.Server} | {r.Qps:F0} | {Ratio(r.Qps, unbound?.Qps)} | " +
                    $"{r.CpuMicrosPerQuery:F2} | {Ratio(r.CpuMicrosPerQuery, unbound?.CpuMicrosPerQuery)} | " +
                    $"{r.P50Ms:F3} | {r.P99Ms:F3} | {r.Lost}/{r.Sent} | {r.RssMiB:F1} |");
            }
        }

        if (rounds)
        {
            RenderRounds(sb, results);
        }

        sb.AppendLine();
        sb.AppendLine("| server | RSS MiB with the cached names | start to first answer ms |");
        sb.AppendLine("|---|---:|---:|");
        foreach (var server in options.Servers)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {server} | {(rss100k.TryGetValue(server, out var rss) ? rss.ToString("F1", CultureInfo.InvariantCulture) : "-")} | " +
                $"{(startMs.TryGetValue(server, out var ms) ? ms.ToString("F1", CultureInfo.InvariantCulture) : "-")} |");
        }

        sb.AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"Cached names for the RSS column: {options.CachedNames}. RSS is read after 6 s idle. ")
            .Append("Hits ask 20,000 names, the search-path mix 1,000 external names (about 30,000 names cached after both); ")
            .Append(CultureInfo.InvariantCulture, $"misses are one pass over 130,000 unique names (or {options.Seconds} s). ")
            .Append("Targets (issue 13): miss QPS >= dnsdist's and miss CPU/query <= dnsdist's, ")
            .Append("miss p99 <= 1 ms at the fixed rate with nothing lost, RSS <= 40 MiB through hits and the mix, <= 100 MiB after the misses, ")
            .AppendLine("hit CPU/query at or below the best peer's; no environment variables.");
        return sb.ToString();
    }

    // dnscache against each peer, round by round: each round's ratio compares two runs minutes apart, which a shared
    // machine's swings affect far less than runs far apart; the median says where the ratio lies.
    private static void RenderRounds(StringBuilder sb, IReadOnlyList<WorkloadResult> results)
    {
        sb.AppendLine();
        sb.AppendLine("| workload | dnscache ÷ | QPS ratio, median (range) | CPU/query ratio, median (range) | dnscache p99 ms | peer p99 ms | lost |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var workload in results.GroupBy(r => r.Workload))
        {
            var ours = workload.Where(r => r.Server == "dnscache").ToDictionary(r => r.Round);
            foreach (var peer in workload.Where(r => r.Server != "dnscache").GroupBy(r => r.Server))
            {
                var pairs = peer.Where(r => ours.ContainsKey(r.Round)).Select(r => (Ours: ours[r.Round], Peer: r)).ToList();
                if (pairs.Count == 0)
                {
                    continue;
                }

                var qps = pairs.Select(p => p.Ours.Qps / p.Peer.Qps).ToList();
                var cpu = pairs.Select(p => p.Ours.CpuMicrosPerQuery / p.Peer.CpuMicrosPerQuery).ToList();
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {workload.Key} | {peer.Key} | {Summary(qps)} | {Summary(cpu)} | " +
                    $"{string.Join(", ", pairs.Select(p => p.Ours.P99Ms.ToString("F2", CultureInfo.InvariantCulture)))} | " +
                    $"{string.Join(", ", pairs.Select(p => p.Peer.P99Ms.ToString("F2", CultureInfo.InvariantCulture)))} | " +
                    $"{pairs.Sum(p => p.Ours.Lost)} / {pairs.Sum(p => p.Peer.Lost)} |");
            }
        }
    }

    private static string Summary(List<double> ratios)
    {
        var sorted = ratios.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median:F2} ({sorted[0]:F2} to {sorted[^1]:F2})");
    }

    private static string Ratio(double value, double? reference) =>
        reference is > 0 ? (value / reference.Value).ToString("F2", CultureInfo.InvariantCulture) : "-";
}
