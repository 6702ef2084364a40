namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// The node-wide list of running dnscache instances, in a directory every pod on the node mounts from the
/// host (<c>-instancedir</c>, <c>/run/nodelocaldns</c>). During a surge rollout two instances serve one node;
/// node-cache's answer was <c>-skipteardown</c> on every pod, which leaves rules behind for good when the
/// cache is removed. Here each instance holds an flock on its own file for its lifetime, and the node lock
/// (<c>node.lock</c>) serialises every change to the interface and rules and the decision to tear down:
/// an instance that exits leaves the registry and tears down only when no other live instance remains.
/// Files of killed instances are unlocked by the kernel and swept as stale.
/// </summary>
internal sealed class InstanceRegistry : IDisposable
{
    private const string NodeLockFile = "node.lock";
    private const string InstancePrefix = "instance-";
    private const string InstanceSuffix = ".alive";
    private static readonly TimeSpan NodeLockTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly string _ownPath;
    private FileLock? _own;

    private InstanceRegistry(string directory, string ownPath, FileLock own)
    {
        _directory = directory;
        _ownPath = ownPath;
        _own = own;
    }

    /// <summary>This instance's identifier (its file name).</summary>
    public string InstanceId => Path.GetFileName(_ownPath);

    /// <summary>Creates the directory if needed and registers this instance.</summary>
    /// <exception cref="IOException">The directory cannot be used.</exception>
    public static async Task<InstanceRegistry> JoinAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        using var node = await FileLock.AcquireAsync(Path.Combine(directory, NodeLockFile), NodeLockTimeout, cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(directory, $"{InstancePrefix}{Environment.ProcessId}-{Guid.NewGuid():N}{InstanceSuffix}");
        var own = FileLock.TryAcquire(path) ?? throw new IOException($"{path} is locked by another process");
        return new InstanceRegistry(directory, path, own);
    }

    /// <summary>Holds the node lock: one instance at a time changes the interface and rules.</summary>
    public Task<FileLock> LockNodeAsync(CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(Path.Combine(_directory, NodeLockFile), NodeLockTimeout, cancellationToken);

    /// <summary>The other instances still running; files of dead ones are removed. Call with the node lock held.</summary>
    public int CountOthersAlive()
    {
        var alive = 0;
        foreach (var file in Directory.EnumerateFiles(_directory, InstancePrefix + "*" + InstanceSuffix))
        {
            if (file == _ownPath)
            {
                continue;
            }

            using var probe = FileLock.TryAcquire(file);
            if (probe is null)
            {
                alive++;
            }
            else
            {
                File.Delete(file);
            }
        }

        return alive;
    }

    /// <summary>Leaves the registry (call with the node lock held, before deciding to tear down).</summary>
    public void Leave()
    {
        if (Interlocked.Exchange(ref _own, null) is { } own)
        {
            File.Delete(_ownPath);
            own.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _own, null)?.Dispose();
}
