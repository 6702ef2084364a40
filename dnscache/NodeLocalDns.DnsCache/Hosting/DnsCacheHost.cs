using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.DnsCache.Directives.Bind;
using NodeLocalDns.DnsCache.Directives.Health;
using NodeLocalDns.DnsCache.Directives.Loop;
using NodeLocalDns.DnsCache.Directives.Prometheus;
using NodeLocalDns.DnsCache.Directives.Ready;
using NodeLocalDns.DnsCache.Directives.Reload;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Server;

namespace NodeLocalDns.DnsCache.Hosting;

/// <summary>
/// The running daemon: loads the Corefile, binds every listener, serves health/ready/metrics, reloads
/// the Corefile when it changes (keeping the last good configuration when the new one is invalid) and
/// stops on a detected forwarding loop. Endpoints bound to port 0 are exposed with their real ports.
/// </summary>
internal sealed class DnsCacheHost : IAsyncDisposable
{
    private readonly DnsCacheHostOptions _options;
    private readonly ILogger _logger;
    private readonly RequestProcessor _processor;
    private readonly TaskCompletionSource<int> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private readonly List<UdpListener> _udp = [];
    private readonly List<TcpDnsListener> _tcp = [];
    private readonly List<HttpEndpointBinding> _http = [];
    private readonly Dictionary<ListenEndpoint, ListenerRoute> _routes = [];
    private readonly MemoryTrimmer _trimmer = new(TimeSpan.FromSeconds(5));
    private ServerRuntime _runtime;
    private string _hash;
    private ITimer? _reloadTimer;
    private volatile bool _ready;
    private int _disposed;

    private DnsCacheHost(DnsCacheHostOptions options, ServerRuntime runtime, string hash, DnsMetrics metrics, ILogger logger)
    {
        _options = options;
        _runtime = runtime;
        _hash = hash;
        Metrics = metrics;
        _logger = logger;
        _processor = new RequestProcessor(metrics, options.Time, logger) { OnLoopDetected = _ => _stopped.TrySetResult(1) };
    }

    public DnsMetrics Metrics { get; }

    public DnsCacheConfig Config => _runtime.Config;

    /// <summary>The bound UDP endpoints, in configuration order.</summary>
    public IReadOnlyList<IPEndPoint> UdpEndpoints => [.. _udp.Select(l => l.LocalEndPoint)];

    /// <summary>The bound TCP endpoints.</summary>
    public IReadOnlyList<IPEndPoint> TcpEndpoints => [.. _tcp.Select(l => l.LocalEndPoint)];

    /// <summary>
    /// The HTTP endpoint serving <paramref name="path"/> (<c>/health</c>, <c>/ready</c>, <c>/metrics</c>);
    /// null while its port is still taken.
    /// </summary>
    public IPEndPoint? HttpEndpoint(string path) => _http.FirstOrDefault(h => h.Paths.Contains(path))?.LocalEndPoint;

    /// <summary>Completes with an exit code when the daemon must stop (a detected loop).</summary>
    public Task<int> Stopped => _stopped.Task;

    public bool Ready => _ready;

    /// <summary>The longest <c>health { lameduck }</c> of the configuration (zero when none).</summary>
    public TimeSpan Lameduck => HealthEndpoint.Lameduck(_runtime.Config);

    /// <summary>
    /// Starts shutting down gracefully: <c>/ready</c> answers 503 at once (so the node stops sending new
    /// clients here), DNS and <c>/health</c> keep serving for the lame-duck duration, as CoreDNS's health
    /// plugin does; then the caller disposes the host.
    /// </summary>
    public async Task EnterLameduckAsync(CancellationToken cancellationToken = default)
    {
        _ready = false;

        // A replacement on the same ports takes new queries from now on, so nothing is queued on our
        // sockets when they close (see ReusePort.SteerAway).
        foreach (var udp in _udp)
        {
            udp.SteerAway();
        }

        foreach (var tcp in _tcp)
        {
            tcp.SteerAway();
        }

        var lameduck = Lameduck;
        if (lameduck > TimeSpan.Zero)
        {
            await Task.Delay(lameduck, _options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads the Corefile at <see cref="DnsCacheHostOptions.ConfigPath"/> and starts serving it.</summary>
    /// <exception cref="CorefileException">The Corefile is invalid.</exception>
    public static async Task<DnsCacheHost> StartAsync(DnsCacheHostOptions options)
    {
        var logger = options.LoggerFactory.CreateLogger("dnscache");
        var text = await File.ReadAllTextAsync(options.ConfigPath).ConfigureAwait(false);
        var (config, hash) = Load(text, options.ConfigPath, options.DefaultPort);
        var metrics = new DnsMetrics();
        metrics.Families.AddRange(options.ExtraMetrics);
        var runtime = ServerRuntime.Build(config, metrics, options.Time, logger);
        var host = new DnsCacheHost(options, runtime, hash, metrics, logger);
        try
        {
            host.StartListeners();
            host.StartHttp();
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        host._ready = true;
        host.StartReloadTimer();
        host.SendLoopProbes();
        return host;
    }

    /// <summary>Loads the Corefile (with its imports from the file system); the hash covers every file read.</summary>
    internal static (DnsCacheConfig Config, string Hash) Load(string text, string path, int defaultPort)
    {
        var files = new FileSystemCorefileSource();
        var config = DnsCacheConfigLoader.Load(text, new ParseOptions
        {
            FileName = Path.GetFileName(path),
            Directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/",
            Files = files,
            Environment = Environment.GetEnvironmentVariable,
        }, defaultPort);
        return (config, Hash(string.Concat(files.Read.Select(f => $"\0{f.Path}\0{f.Text}").Prepend(text))));
    }

    /// <summary>
    /// Re-reads the Corefile; applies it when it changed and is valid. Returns false when the new file is
    /// invalid (the running configuration stays, the failure is logged and counted).
    /// </summary>
    public async Task<bool> ReloadAsync()
    {
        await _reloadLock.WaitAsync().ConfigureAwait(false);
        try
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(_options.ConfigPath).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                return Fail(e.Message);
            }

            ServerRuntime runtime;
            string hash;
            try
            {
                (var config, hash) = Load(text, _options.ConfigPath, _options.DefaultPort);
                if (hash == _hash)
                {
                    return true;
                }

                runtime = ServerRuntime.Build(config, Metrics, _options.Time, _logger);
            }
            catch (Exception e) when (e is CorefileException or IOException or FormatException or InvalidOperationException or ArgumentException)
            {
                return Fail(e.Message);
            }

            var old = _runtime;
            var sameEndpoints = runtime.Routes.Keys.ToHashSet().SetEquals(old.Routes.Keys);
            _runtime = runtime;
            _hash = hash;
            if (sameEndpoints)
            {
                foreach (var (endpoint, matcher) in runtime.Routes)
                {
                    _routes[endpoint].Zones = matcher;
                }
            }
            else
            {
                await StopListenersAsync().ConfigureAwait(false);
                StartListeners();
            }

            await StopHttpAsync().ConfigureAwait(false);
            StartHttp();
            StartReloadTimer();
            LogMessages.Reloaded(_logger, hash);

            // Queries in flight may still use the old forwarders: dispose them a little later.
            _ = Task.Delay(TimeSpan.FromSeconds(10)).ContinueWith(_ => old.Dispose(), TaskScheduler.Default);
            return true;
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    private bool Fail(string reason)
    {
        Metrics.Reload.Failed.Counter().Increment();
        LogMessages.ReloadFailed(_logger, reason);
        return false;
    }

    private void StartListeners()
    {
        _routes.Clear();
        foreach (var (endpoint, matcher) in _runtime.Routes)
        {
            var route = new ListenerRoute(matcher);
            _routes[endpoint] = route;
            var address = BindAddress.For(endpoint);
            var zones = string.Join(" ", matcher.Zones);

            // Port 0 (tests): let the kernel pick the UDP port, then take the same port for TCP, as clients expect.
            UdpListener? udp = null;
            TcpDnsListener? tcp = null;
            for (var attempt = 0; tcp is null; attempt++)
            {
                udp = new UdpListener(new IPEndPoint(address, endpoint.Port), route, _processor, _logger, _options.MaxPendingMisses);
                try
                {
                    tcp = new TcpDnsListener(
                        new IPEndPoint(address, udp.LocalEndPoint.Port), route, _processor, _logger, _options.TcpIdleTimeout, _options.TcpWriteTimeout,
                        _options.MaxTcpConnections);
                }
                catch (ListenerBindException) when (endpoint.Port == 0 && attempt < 20)
                {
                    udp.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }

            _udp.Add(udp!);
            _tcp.Add(tcp);
            udp!.Start();
            tcp.Start();
            LogMessages.Listening(_logger, udp.LocalEndPoint, "udp+tcp", zones);
        }
    }

    private async Task StopListenersAsync()
    {
        foreach (var l in _udp)
        {
            await l.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var l in _tcp)
        {
            await l.DisposeAsync().ConfigureAwait(false);
        }

        _udp.Clear();
        _tcp.Clear();
    }

    private void StartHttp()
    {
        var groups = new Dictionary<HttpListenAddress, Dictionary<string, Func<(int, string, string)>>>();
        void Add(HttpListenAddress address, HttpRoute route)
        {
            if (!groups.TryGetValue(address, out var routes))
            {
                routes = new Dictionary<string, Func<(int, string, string)>>(StringComparer.Ordinal);
                groups[address] = routes;
            }

            routes[route.Path] = route.Answer;
        }

        foreach (var server in _runtime.Config.Servers)
        {
            if (server.Health is { } health)
            {
                Add(health.Address, HealthEndpoint.Route);
            }

            if (server.Ready is { } ready)
            {
                Add(ready.Address, ReadyEndpoint.Route(() => _ready));
            }

            if (server.Prometheus is { } prometheus)
            {
                Add(prometheus.Address, PrometheusEndpoint.Route(Metrics));
            }
        }

        foreach (var (address, routes) in groups)
        {
            var bind = address.BindAddress.Equals(IPAddress.IPv6Any) && !Socket.OSSupportsIPv6 ? IPAddress.Any : address.BindAddress;
            _http.Add(HttpEndpointBinding.Start(new IPEndPoint(bind, address.Port), routes, _options.Time, _logger));
        }
    }

    private async Task StopHttpAsync()
    {
        foreach (var h in _http)
        {
            await h.DisposeAsync().ConfigureAwait(false);
        }

        _http.Clear();
    }

    private void StartReloadTimer()
    {
        _reloadTimer?.Dispose();
        _reloadTimer = _options.WatchConfig ? ReloadTimer.Start(_runtime.Config, _options.Time, ReloadAsync) : null;
    }

    // The loop plugin's probe: one query to ourselves per block that forwards, on the UDP listener it bound.
    private void SendLoopProbes()
    {
        foreach (var pipeline in _runtime.Pipelines.Where(p => p.Loop is not null))
        {
            var endpoint = pipeline.Config.ListenEndpoints.First();
            var bound = _udp.FirstOrDefault(u => _routes.TryGetValue(endpoint, out var r) && ReferenceEquals(u.Route, r))?.LocalEndPoint;
            if (bound is not null)
            {
                LoopProbe.Send(bound, pipeline.Loop!.ProbeName);
            }
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Stops serving and releases everything; later calls do nothing (the daemon stops serving from inside its teardown).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        LogMessages.Stopping(_logger);
        _ready = false;
        _reloadTimer?.Dispose();
        _trimmer.Dispose();
        await StopListenersAsync().ConfigureAwait(false);
        await StopHttpAsync().ConfigureAwait(false);
        _runtime.Dispose();
        _reloadLock.Dispose();
    }
}
