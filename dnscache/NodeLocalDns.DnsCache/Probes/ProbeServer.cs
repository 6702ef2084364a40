using System.Net.Sockets;
using System.Text;

namespace NodeLocalDns.DnsCache.Probes;

/// <summary>
/// Answers this pod's exec probes over a Unix socket in the pod's own file system. On a host-network node
/// the health port is shared: during a surge rollout two daemons listen on it, so an HTTP probe of the new
/// pod may be answered by the old process (and the other way round). A path inside the container is
/// reached only by the container's own <c>dnscache -probe</c>, so liveness and readiness are about this
/// process alone. The protocol is one line each way: <c>live</c> or <c>ready</c>, then <c>ok</c> or
/// <c>no: reason</c>.
/// </summary>
internal sealed class ProbeServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly string _path;
    private readonly Func<string, string?> _check;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ProbeServer(Socket socket, string path, Func<string, string?> check)
    {
        _socket = socket;
        _path = path;
        _check = check;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>
    /// Listens on <paramref name="path"/> (a stale socket file from a previous run is replaced).
    /// <paramref name="check"/> gets <c>live</c> or <c>ready</c> and returns null when all is well, else why not.
    /// </summary>
    /// <exception cref="SocketException">The socket cannot be created.</exception>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    public static ProbeServer Start(string path, Func<string, string?> check)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(16);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ProbeServer(socket, path, check);
    }

    /// <summary>Asks the daemon listening on <paramref name="path"/>; null when it answered ok, else the reason.</summary>
    public static async Task<string?> AskAsync(string path, string what, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes(what + "\n"), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var answer = await ReadLineAsync(socket, deadline.Token).ConfigureAwait(false);
            return answer == "ok" ? null : answer.StartsWith("no: ", StringComparison.Ordinal) ? answer[4..] : $"unexpected answer '{answer}'";
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {timeout.TotalSeconds:0} s";
        }
        catch (SocketException e)
        {
            return $"{path}: {e.Message} (is dnscache running in this container?)";
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
        }
    }

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

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using (client)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                var what = await ReadLineAsync(client, deadline.Token).ConfigureAwait(false);
                var problem = what is "live" or "ready" ? _check(what) : $"unknown probe '{what}'";
                var answer = Encoding.ASCII.GetBytes(problem is null ? "ok\n" : $"no: {problem}\n");
                await client.SendAsync(answer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Array.IndexOf(buffer, (byte)'\n', 0, length) >= 0)
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, length).Split('\n')[0].Trim();
    }
}
