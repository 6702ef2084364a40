using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NodeLocalDns.Controllers.Tests.Support;

/// <summary>
/// An HTTP/1.1 server on loopback that answers every request with one canned response and closes the connection: for
/// answers the in-process API server never gives (a broken watch stream, a proxy's error page).
/// </summary>
public sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public CannedHttpServer(int status, string body)
    {
        _listener.Start();
        var response = Encoding.UTF8.GetBytes(
            $"HTTP/1.1 {status} Canned\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{body}");
        _serving = Task.Run(() => ServeAsync(response));
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task ServeAsync(byte[] response)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = connection.GetStream();
                var buffer = new byte[8192];
                var request = new StringBuilder();
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(response, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }
}
