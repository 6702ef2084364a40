using System.Net;
using Microsoft.Extensions.Logging;
using NodeLocalDns.DnsCache.Hosting;

namespace NodeLocalDns.DnsCache.Tests.Support;

/// <summary>
/// The daemon started in-process from a Corefile string (like CoreDNS's test/server.go), on the ports the
/// string names (port 0: the kernel picks; <see cref="Udp"/>/<see cref="Tcp"/> say which).
/// </summary>
internal sealed class DaemonUnderTest : IAsyncDisposable
{
    private DaemonUnderTest(DnsCacheHost host, string directory)
    {
        Host = host;
        Directory = directory;
    }

    public DnsCacheHost Host { get; }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "Corefile");

    public IPEndPoint Udp => Loopback(Host.UdpEndpoints[0]);

    public IPEndPoint Tcp => Loopback(Host.TcpEndpoints[0]);

    public static async Task<DaemonUnderTest> StartAsync(string corefile, TimeProvider? time = null, ILoggerFactory? loggerFactory = null,
        Func<DnsCacheHostOptions, DnsCacheHostOptions>? configure = null, bool watchConfig = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dnscache-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "Corefile");
        await File.WriteAllTextAsync(path, corefile);
        var options = new DnsCacheHostOptions(path)
        {
            Time = time ?? TimeProvider.System,
            WatchConfig = watchConfig,
            LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        };
        var host = await DnsCacheHost.StartAsync(configure is null ? options : configure(options));
        return new DaemonUnderTest(host, directory);
    }

    public async Task<string> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync(new Uri($"http://{Loopback(Host.HttpEndpoint("/metrics")!)}/metrics"));
    }

    /// <summary>The value of a series, matched by its name and a label fragment, or 0 when absent.</summary>
    public async Task<double> MetricAsync(string name, string labelFragment = "")
    {
        var text = await MetricsAsync();
        return text.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal)
                && (l.Length > name.Length && (l[name.Length] == '{' || l[name.Length] == ' '))
                && l.Contains(labelFragment, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public static IPEndPoint Loopback(IPEndPoint endpoint) =>
        endpoint.Address.Equals(IPAddress.IPv6Any) || endpoint.Address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, endpoint.Port) : endpoint;

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
