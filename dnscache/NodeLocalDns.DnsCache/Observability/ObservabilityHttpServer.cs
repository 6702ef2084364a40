using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using NodeLocalDns.DnsCache.Server;

namespace NodeLocalDns.DnsCache.Observability;

/// <summary>
/// A minimal HTTP/1.1 server for <c>/health</c>, <c>/ready</c> and <c>/metrics</c>: one request per
/// connection, GET only. Kestrel would cost start-up time and binary size for three fixed paths.
/// </summary>
internal sealed class ObservabilityHttpServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Dictionary<string, Func<(int Status, string Body, string ContentType)>> _routes;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public ObservabilityHttpServer(IPEndPoint endpoint, Dictionary<string, Func<(int Status, string Body, string ContentType)>> routes, ILogger logger)
    {
        _routes = routes;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        // Never a shared port: a kubelet probe must reach this process, not another instance's.
        ReusePort.AddressOnly(_socket);
        try
        {
            _socket.Bind(endpoint);
            _socket.Listen(64);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        LogMessages.HttpListening(logger, LocalEndPoint, string.Join(",", routes.Keys));
    }

    public IPEndPoint LocalEndPoint { get; }

    public IReadOnlyCollection<string> Paths => _routes.Keys;

    public void Start() => _loop = Task.Run(AcceptLoopAsync);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var buffer = new byte[4096];
                var read = 0;
                while (read < buffer.Length)
                {
                    var n = await client.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                    if (buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                var requestLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0].Split(' ');
                (int Status, string Body, string ContentType) response;
                if (requestLine.Length < 2 || requestLine[0] is not ("GET" or "HEAD"))
                {
                    response = (405, "method not allowed\n", "text/plain");
                }
                else
                {
                    var path = requestLine[1].Split('?')[0];
                    response = _routes.TryGetValue(path, out var handler) ? handler() : (404, "404 page not found\n", "text/plain");
                }

                var body = Encoding.UTF8.GetBytes(response.Body);
                var head = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\nContent-Type: {response.ContentType}\r\n" +
                    $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await client.SendAsync(head, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (requestLine[0] != "HEAD")
                {
                    await client.SendAsync(body, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                }

                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
