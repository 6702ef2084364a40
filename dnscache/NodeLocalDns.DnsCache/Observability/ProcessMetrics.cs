using System.Globalization;

namespace NodeLocalDns.DnsCache.Observability;

/// <summary>
/// The process families every Prometheus client library exports (prometheus/client_golang's process collector,
/// which CoreDNS serves): CPU seconds, open and maximum file descriptors, virtual and resident memory, the
/// address-space limit and the start time, read at scrape time from <c>/proc/self</c> as the Go collector does.
/// </summary>
internal sealed class ProcessMetrics
{
    private static readonly double StartTime = ReadStartTime();

    public ProcessMetrics(DnsMetrics registry)
    {
        Gauge(
            registry,
            "process_cpu_seconds_total",
            "Total user and system CPU time spent in seconds.",
            "counter",
            () => Environment.CpuUsage.TotalTime.TotalSeconds);
        Gauge(
            registry,
            "process_open_fds",
            "Number of open file descriptors.",
            "gauge",
            () => Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : double.NaN);
        Gauge(registry, "process_max_fds", "Maximum number of open file descriptors.", "gauge", () => Limit("Max open files"));
        Gauge(registry, "process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", () => StatusKiB("VmSize:") * 1024);
        Gauge(registry, "process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.", "gauge", () => Limit("Max address space"));
        Gauge(registry, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", () => Environment.WorkingSet);
        Gauge(registry, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge", () => StartTime);
    }

    private static void Gauge(DnsMetrics registry, string name, string help, string type, Func<double> read)
    {
        var family = registry.Add(name, help, type);
        family.AddCallback(() => [(string.Empty, read())]);
    }

    // A soft limit of /proc/self/limits; -1 when unlimited (client_golang reports the raw value, which is
    // RLIM_INFINITY there; -1 keeps it readable).
    private static double Limit(string name)
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            var soft = line?[name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return soft is null ? double.NaN : soft == "unlimited" ? -1 : double.Parse(soft, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static double StatusKiB(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static double ReadStartTime()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return (process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
    }
}
