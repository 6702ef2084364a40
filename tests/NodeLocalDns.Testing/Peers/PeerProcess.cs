using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NodeLocalDns.Testing.Peers;

/// <summary>
/// A real server process started by a test: its own temp directory, captured output, a readiness wait
/// (it answers a DNS query on its port), and teardown by its pid only (never by name).
/// </summary>
public abstract class PeerProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    protected PeerProcess(string name)
    {
        Name = name;
        Directory = Path.Combine(Path.GetTempPath(), $"nodelocaldns-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort.Next();
    }

    public string Name { get; }

    /// <summary>The temp directory holding generated configuration.</summary>
    public string Directory { get; }

    /// <summary>The DNS port (UDP and TCP) on 127.0.0.1 (and ::1 where the peer listens there).</summary>
    public int Port { get; protected set; }

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    public int Pid => _process?.Id ?? 0;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    protected async Task StartProcessAsync(string fileName, IEnumerable<string> arguments, string probeName, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");

        // A safety net for a test run that ends without tear-down (an aborted run): never leave the peer behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly();
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} at start:\n{Output}");
            }

            if (await AnswersAsync(Endpoint, probeName).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"{Name} did not answer on {Endpoint} within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>True when something answers a query for <paramref name="name"/> on <paramref name="endpoint"/> over UDP within 200 ms.</summary>
    public static async Task<bool> AnswersAsync(IPEndPoint endpoint, string name)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var query = MinimalQuery(name);
        try
        {
            await socket.SendToAsync(query, SocketFlags.None, endpoint).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var n = await socket.ReceiveAsync(new byte[4096], SocketFlags.None, timeout.Token).ConfigureAwait(false);
            return n >= 12;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A query for <paramref name="name"/> IN A with RD set, built by hand so the kit needs no DNS library.</summary>
    public static byte[] MinimalQuery(string name, ushort id = 0x1234, ushort type = 1)
    {
        var bytes = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return [.. bytes];
    }

    private void KillQuietly()
    {
        try
        {
            if (_process is { HasExited: false } p)
            {
                p.Kill();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>Stops the process (SIGKILL by pid) and waits for it; the process is unusable afterwards.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            try
            {
                p.Kill();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }
}
