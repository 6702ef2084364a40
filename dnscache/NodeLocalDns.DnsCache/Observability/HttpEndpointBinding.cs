using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace NodeLocalDns.DnsCache.Observability;

/// <summary>
/// An <see cref="ObservabilityHttpServer"/> that keeps trying to bind. HTTP ports are not shared between
/// instances, so during a surge rollout the new pod's health, ready and metrics ports stay taken by the old
/// pod until it exits; DNS must not wait for that, so the first attempt happens at once and later ones
/// every second in the background, with one log line while waiting and one once bound.
/// </summary>
internal sealed class HttpEndpointBinding : IAsyncDisposable
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(1);

    private readonly IPEndPoint _endpoint;
    private readonly Dictionary<string, Func<(int Status, string Body, string ContentType)>> _routes;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private ObservabilityHttpServer? _server;
    private Task _retry = Task.CompletedTask;

    private HttpEndpointBinding(
        IPEndPoint endpoint,
        Dictionary<string, Func<(int Status, string Body, string ContentType)>> routes,
        TimeProvider time,
        ILogger logger)
    {
        _endpoint = endpoint;
        _routes = routes;
        _time = time;
        _logger = logger;
    }

    /// <summary>The bound endpoint (the real port for port 0); null while waiting for the port.</summary>
    public IPEndPoint? LocalEndPoint => Volatile.Read(ref _server)?.LocalEndPoint;

    /// <summary>The paths served.</summary>
    public IReadOnlyCollection<string> Paths => _routes.Keys;

    /// <summary>Binds now if the port is free, else keeps trying in the background until disposed.</summary>
    public static HttpEndpointBinding Start(
        IPEndPoint endpoint,
        Dictionary<string, Func<(int Status, string Body, string ContentType)>> routes,
        TimeProvider time,
        ILogger logger)
    {
        var binding = new HttpEndpointBinding(endpoint, routes, time, logger);
        if (binding.TryBind() is { } problem)
        {
            LogMessages.HttpBindWaiting(logger, endpoint, string.Join(",", routes.Keys), problem);
            binding._retry = Task.Run(binding.RetryAsync);
        }

        return binding;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _retry.ConfigureAwait(false);
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private string? TryBind()
    {
        try
        {
            var server = new ObservabilityHttpServer(_endpoint, _routes, _logger);
            server.Start();
            Volatile.Write(ref _server, server);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "port in use (by the instance this one replaces, during a rollout)" : e.Message;
        }
    }

    private async Task RetryAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(RetryPeriod, _time, _stop.Token).ConfigureAwait(false);
                if (TryBind() is null)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
