using System.Globalization;

namespace NodeLocalDns.Testing.Namespaces;

/// <summary>
/// A network namespace a test creates for itself (<c>ip netns add</c>), with loopback up, so firewall rules,
/// interfaces and addresses are set up for real without touching the host's own. Deleted on dispose;
/// processes the test started inside must be ended by the test first.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private static int _counter;

    private NetworkNamespace(string name) => Name = name;

    /// <summary>The namespace's name (<c>/run/netns/NAME</c>).</summary>
    public string Name { get; }

    /// <summary>The prefix that runs a command inside: <c>ip netns exec NAME</c>.</summary>
    public IReadOnlyList<string> ExecPrefix => ["ip", "netns", "exec", Name];

    /// <summary>Creates a namespace whose name starts with <paramref name="purpose"/> (at most 8 characters used).</summary>
    public static async Task<NetworkNamespace> CreateAsync(string purpose)
    {
        var tag = new string([.. purpose.Where(char.IsAsciiLetterOrDigit).Take(8)]).ToLowerInvariant();
        var name = $"nlt{tag}{Environment.ProcessId % 100000}x{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}";
        var created = await ProcessRunner.RunAsync("ip", ["netns", "add", name], timeout: TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (created.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip netns add {name}: {created.Stderr.Trim()}");
        }

        var ns = new NetworkNamespace(name);
        await ns.RunCheckedAsync("ip", "link", "set", "lo", "up").ConfigureAwait(false);
        return ns;
    }

    /// <summary>Runs a command inside the namespace.</summary>
    public Task<ProcessRunner.Result> RunAsync(params string[] command) =>
        ProcessRunner.RunAsync("ip", ["netns", "exec", Name, .. command], timeout: TimeSpan.FromSeconds(30));

    /// <summary>Runs a command inside the namespace; fails the test when it fails.</summary>
    public Task<string> RunCheckedAsync(params string[] command) => RunCheckedAsync(command, null);

    /// <summary>Runs a command inside the namespace with <paramref name="input"/> on its standard input; fails the test when it fails.</summary>
    public async Task<string> RunCheckedAsync(string[] command, string? input)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await ProcessRunner.RunAsync("ip", ["netns", "exec", Name, .. command], input, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"[{Name}] {string.Join(' ', command)} exited {result.ExitCode}: {result.Stderr.Trim()}");
    }

    /// <summary>
    /// Connects this namespace to <paramref name="other"/> with a veth pair, addresses each end (CIDR notation)
    /// and brings both up.
    /// </summary>
    public async Task ConnectAsync(NetworkNamespace other, string thisAddress, string otherAddress)
    {
        ArgumentNullException.ThrowIfNull(other);
        var pair = Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
        var (here, there) = ($"veth{pair}a", $"veth{pair}b");
        await RunCheckedAsync("ip", "link", "add", here, "type", "veth", "peer", "name", there, "netns", other.Name).ConfigureAwait(false);
        await RunCheckedAsync("ip", "addr", "add", thisAddress, "dev", here).ConfigureAwait(false);
        await RunCheckedAsync("ip", "link", "set", here, "up").ConfigureAwait(false);
        await other.RunCheckedAsync("ip", "addr", "add", otherAddress, "dev", there).ConfigureAwait(false);
        await other.RunCheckedAsync("ip", "link", "set", there, "up").ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() =>
        _ = await ProcessRunner.RunAsync("ip", ["netns", "del", Name], timeout: TimeSpan.FromSeconds(10)).ConfigureAwait(false);
}
