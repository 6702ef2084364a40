using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Namespaces;

namespace NodeLocalDns.DnsCache.Tests.Support;

/// <summary>
/// The published dnscache binary run on a "node" (a network namespace of the test's own) with node-cache's
/// flags, as the DaemonSet runs it: its own Corefile, instance registry and probe socket in a temp
/// directory. <c>StartAsync</c> returns once the daemon's own exec probe says it is ready.
/// </summary>
internal sealed class NodeDaemon : IAsyncDisposable
{
    private NodeDaemon(NetworkNamespace ns, NamespacedProcess process, string directory, string probeSocket)
    {
        Namespace = ns;
        Process = process;
        Directory = directory;
        ProbeSocket = probeSocket;
    }

    /// <summary>The binary <c>make publish</c> produces.</summary>
    public static string Binary => TestData.Repo("out", "dnscache", "dnscache");

    public NetworkNamespace Namespace { get; }

    public NamespacedProcess Process { get; }

    /// <summary>Where its Corefile, pid file and probe socket are.</summary>
    public string Directory { get; }

    public string ProbeSocket { get; }

    /// <summary>
    /// Starts the daemon in <paramref name="ns"/> serving <paramref name="corefile"/> with <paramref name="flags"/>
    /// (after <c>-conf</c>, <c>-probesocket</c>, <c>-pidfile</c>); <paramref name="instanceDirectory"/> is the
    /// node-wide registry (share it between daemons of one node). <c>{DIR}</c> in the Corefile and the flags is
    /// the daemon's own temp directory.
    /// </summary>
    public static Task<NodeDaemon> StartAsync(NetworkNamespace ns, string corefile, string instanceDirectory, params string[] flags) =>
        StartAsync(ns, corefile, instanceDirectory, null, flags);

    /// <summary>
    /// As <see cref="StartAsync(NetworkNamespace, string, string, string[])"/>, with extra environment variables (kubelet's
    /// Service variables).
    /// </summary>
    public static async Task<NodeDaemon> StartAsync(NetworkNamespace ns, string corefile, string instanceDirectory,
        IReadOnlyDictionary<string, string>? environment, params string[] flags)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("dnscache-node-").FullName;
        var conf = Path.Combine(directory, "Corefile");
        await File.WriteAllTextAsync(conf, corefile.Replace("{DIR}", directory, StringComparison.Ordinal));
        var probe = Path.Combine(directory, "probe.sock");
        string[] arguments =
        [
            "-conf", conf, "-probesocket", probe, "-pidfile", Path.Combine(directory, "pid"), "-instancedir", instanceDirectory,
            .. flags.Select(f => f.Replace("{DIR}", directory, StringComparison.Ordinal)),
        ];
        var process = NamespacedProcess.Start(ns, Binary, arguments, environment);
        var daemon = new NodeDaemon(ns, process, directory, probe);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await daemon.IsReadyAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await daemon.DisposeAsync();
                throw new InvalidOperationException($"dnscache did not become ready in {ns.Name}:\n{process.Output}");
            }

            await Task.Delay(100);
        }

        return daemon;
    }

    /// <summary>Asks the daemon through its exec probe, as kubelet would.</summary>
    public async Task<bool> IsReadyAsync() =>
        (await Namespace.RunAsync(Binary, "-probe", "ready", "-probesocket", ProbeSocket)).ExitCode == 0;

    /// <summary>SIGTERM, then the exit code.</summary>
    public Task<int> StopAsync() => Process.StopAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary><c>dig +short</c> from <paramref name="ns"/>; the answer lines (empty when none came).</summary>
    public static async Task<string[]> DigAsync(NetworkNamespace ns, string server, string name, string type = "A")
    {
        var result = await ns.RunAsync("dig", $"@{server}", name, type, "+short", "+time=2", "+tries=1");
        return result.ExitCode == 0 ? result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return await condition();
    }

    /// <summary>The node-cache rules (<c>-A</c> lines with its comments) of a save command's output in <paramref name="ns"/>, sorted.</summary>
    public static async Task<string[]> RulesAsync(NetworkNamespace ns, string save) =>
        [.. (await ns.RunCheckedAsync(save)).Split('\n')
            .Where(l => l.StartsWith("-A ", StringComparison.Ordinal) && l.Contains("NodeLocal DNS Cache: ", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="ns"/> has an interface named <paramref name="name"/>.</summary>
    public static async Task<bool> HasInterfaceAsync(NetworkNamespace ns, string name) =>
        (await ns.RunAsync("ip", "link", "show", name)).ExitCode == 0;
}
