using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> over plain HTTP/1.1, one request per connection: all kubelet's
/// probes and a Prometheus scrape need. ASP.NET Core's host, DI container and Kestrel were code to load and JIT for three
/// GET handlers (operator/README.md, "Memory and start-up"); this costs a socket per address.
/// </summary>
internal sealed partial class ProbeServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 8192;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly OperatorState _state;
    private readonly ILogger _logger;
    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    private ProbeServer(OperatorState state, ILogger logger)
    {
        _state = state;
        _logger = logger;
    }

    /// <summary>Where it listens, with the ports the system chose for port 0.</summary>
    public IReadOnlyList<Uri> Urls { get; private set; } = [];

    /// <summary>Binds every address (<c>:8080</c> is every address of the host, IPv4 and IPv6) and starts serving.</summary>
    public static ProbeServer Start(IEnumerable<string> addresses, OperatorState state, ILogger logger)
    {
        var server = new ProbeServer(state, logger);
        var urls = new List<Uri>();
        foreach (var address in addresses.Distinct(StringComparer.Ordinal))
        {
            var socket = Bind(Parse(address));
            server._listeners.Add(socket);
            var bound = (IPEndPoint)socket.LocalEndPoint!;
            var host = bound.Address.Equals(IPAddress.IPv6Any) || bound.Address.Equals(IPAddress.Any) ? "127.0.0.1"
                : bound.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString();
            urls.Add(new Uri($"http://{host}:{bound.Port.ToString(CultureInfo.InvariantCulture)}/"));
            server._loops.Add(Task.Run(() => server.AcceptAsync(socket)));
        }

        server.Urls = urls;
        return server;
    }

    /// <summary>
    /// <c>:8080</c>, <c>0.0.0.0:8080</c>, <c>127.0.0.1:0</c>, <c>[::1]:8080</c> or <c>http://host:port</c> as an endpoint
    /// (no host: every address).
    /// </summary>
    public static IPEndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/') : address;
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"'{address}' is not HOST:PORT or :PORT.");
        }

        var host = text[..colon].Trim('[', ']');
        if (host is "" or "*" or "+")
        {
            return new IPEndPoint(IPAddress.IPv6Any, port);
        }

        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : throw new FormatException($"'{host}' in '{address}' is not an IP address.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                // Every address of both families, as Kestrel's "any" did for IPv4; an IPv4-only node falls back below.
                socket.DualMode = true;
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(64);
            return socket;
        }
        catch (SocketException) when (endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            socket.Dispose();
            return Bind(new IPEndPoint(IPAddress.Any, endpoint.Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && _stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                LogAcceptFailed(_logger, e.Message);
                continue;
            }

            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "One failed request must not take the probe server down.")]
    private async Task ServeAsync(Socket connection)
    {
        using var _ = connection;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(RequestTimeout);
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        try
        {
            var requestLine = await ReadRequestLineAsync(stream, timeout.Token).ConfigureAwait(false);
            var parts = requestLine?.Split(' ') ?? [];
            var (status, contentType, body) = parts is [var method, var target, ..]
                ? method is "GET" or "HEAD"
                    ? await AnswerAsync(target.Split('?')[0], timeout.Token).ConfigureAwait(false)
                    : (405, "text/plain; charset=utf-8", "method not allowed\n"u8.ToArray())
                : (400, "text/plain; charset=utf-8", "bad request\n"u8.ToArray());
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {Reason(status)}\r\n" +
                $"Content-Type: {contentType}\r\n" +
                $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n" +
                "Connection: close\r\n\r\n");
            await stream.WriteAsync(head, timeout.Token).ConfigureAwait(false);
            if (parts is not ["HEAD", ..])
            {
                await stream.WriteAsync(body, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The client went away or was too slow: nothing to answer.
        }
        catch (Exception e)
        {
            // A handler failed (a metrics collector, say): the connection closes and the next request is answered.
            LogRequestFailed(_logger, e);
        }
    }

    private async Task<(int Status, string ContentType, byte[] Body)> AnswerAsync(string path, CancellationToken cancellationToken)
    {
        switch (path)
        {
            case "/healthz":
                return (200, "text/plain; charset=utf-8", "ok\n"u8.ToArray());
            case "/readyz":
                var ready = _state.IsReady;
                var text = ready ? $"ok ({_state.Phase})\n" : $"not ready ({_state.Phase}{(_state.Problem is { } problem ? ": " + problem : string.Empty)})\n";
                return (ready ? 200 : 503, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
            case "/metrics":
                using (var buffer = new MemoryStream())
                {
                    await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(buffer, cancellationToken).ConfigureAwait(false);
                    return (200, "text/plain; version=0.0.4; charset=utf-8", buffer.ToArray());
                }

            default:
                return (404, "text/plain; charset=utf-8", "not found\n"u8.ToArray());
        }
    }

    /// <summary>The request line; the headers are read and ignored (a GET has no body).</summary>
    private static async Task<string?> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var end = buffer.AsSpan(0, length).IndexOf("\r\n"u8);
        return end < 0 ? null : Encoding.ASCII.GetString(buffer, 0, end);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Answering a probe or metrics request failed")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Accepting a probe connection failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);
}
