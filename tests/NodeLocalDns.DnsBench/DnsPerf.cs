using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace NodeLocalDns.DnsBench;

/// <summary>Runs dnsperf pinned to a core and parses its statistics (and, with -v, every query's latency).</summary>
internal static class DnsPerf
{
    public static async Task<DnsPerfResult> RunAsync(IPEndPoint server, string dataFile, int core, int seconds,
        int? rate = null, int? runs = null, bool verbose = false)
    {
        var args = new List<string>
        {
            "-c", core.ToString(CultureInfo.InvariantCulture), "dnsperf", "-s", server.Address.ToString(),
            "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-d", dataFile, "-t", "2", "-c", "8", "-q", "200",
        };
        // -n and -l together: whichever ends first (a pass over the file, or the time).
        if (runs is { } n)
        {
            args.AddRange(["-n", n.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["-l", seconds.ToString(CultureInfo.InvariantCulture)]);

        if (rate is { } q)
        {
            args.AddRange(["-Q", q.ToString(CultureInfo.InvariantCulture)]);
        }

        if (verbose)
        {
            args.Add("-v");
        }

        var info = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dnsperf");
        var latencies = new List<double>();
        long sent = 0, completed = 0, lost = 0;
        double qps = 0, average = 0;
        var stderr = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var t = line.Trim();
            if (t.StartsWith("> ", StringComparison.Ordinal))
            {
                var last = t[(t.LastIndexOf(' ') + 1)..];
                if (double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out var latency))
                {
                    latencies.Add(latency);
                }
            }
            else if (t.StartsWith("Queries sent:", StringComparison.Ordinal))
            {
                sent = FirstNumber(t);
            }
            else if (t.StartsWith("Queries completed:", StringComparison.Ordinal))
            {
                completed = FirstNumber(t);
            }
            else if (t.StartsWith("Queries lost:", StringComparison.Ordinal))
            {
                lost = FirstNumber(t);
            }
            else if (t.StartsWith("Queries per second:", StringComparison.Ordinal))
            {
                qps = double.Parse(t.Split(':')[1], CultureInfo.InvariantCulture);
            }
            else if (t.StartsWith("Average Latency (s):", StringComparison.Ordinal))
            {
                average = double.Parse(t.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dnsperf failed ({process.ExitCode}): {await stderr}");
        }

        return new DnsPerfResult(sent, completed, lost, qps, average, latencies);
    }

    private static long FirstNumber(string line) =>
        long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
