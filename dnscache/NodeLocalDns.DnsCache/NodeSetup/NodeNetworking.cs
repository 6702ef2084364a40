using Microsoft.Extensions.Logging;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// The daemon's work on its node, in node-cache's order (its <c>cache_app.go</c>): <see cref="PrepareAsync"/>
/// creates the interface before the DNS listeners bind (they need its addresses); <see cref="ActivateAsync"/>
/// installs the rules only once the listeners are up, so a daemon that cannot bind never diverts DNS into a
/// black hole; a sync every <see cref="NodeSetupOptions.SyncInterval"/> puts back whatever someone removed
/// (sooner after a failure); <see cref="ShutdownAsync"/> tears everything down unless <c>-skipteardown</c>
/// or another instance on the node still serves (<see cref="InstanceRegistry"/>), in which case that
/// survivor keeps it and re-asserts it on its own next sync. Failures are logged and counted in
/// <c>coredns_nodecache_setup_errors_total</c>, never thrown: DNS keeps being served.
/// </summary>
internal sealed class NodeNetworking(
    NodeSetupOptions options,
    CommandRunner runner,
    SetupErrorCounters errors,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly LocalInterface _interface = new(options.InterfaceName, options.LocalIps, runner);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _syncLock = new(1, 1);
    private InstanceRegistry? _registry;
    private IptablesRules? _iptables;
    private NftablesRules? _nftables;
    private Task _loop = Task.CompletedTask;
    private bool _rulesActive;

    /// <summary>The iptables backend in use, once rules are active.</summary>
    public IptablesBackend? Backend => _iptables?.Backend;

    /// <summary>Joins the instance registry and sets up the interface (before the DNS listeners bind).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (options.InstanceDirectory is { } directory)
        {
            try
            {
                _registry = await InstanceRegistry.JoinAsync(directory, cancellationToken).ConfigureAwait(false);
                using (await _registry.LockNodeAsync(cancellationToken).ConfigureAwait(false))
                {
                    NodeSetupLog.Registered(logger, _registry.InstanceId, directory, _registry.CountOthersAlive());
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
            {
                _registry = null;
                NodeSetupLog.RegistryUnavailable(logger, directory, e.Message);
            }
        }

        await SyncAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Installs the rules (the DNS listeners are up) and starts the periodic sync.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken)
    {
        var rules = options.Rules;
        if (options.SetupIptables)
        {
            var backend = await IptablesBackend.DetectAsync(runner, cancellationToken).ConfigureAwait(false);
            NodeSetupLog.BackendChosen(logger, backend.Mode, backend.Reason);
            _iptables = new IptablesRules(backend, rules, runner);
        }

        if (options.SetupNftables)
        {
            _nftables = new NftablesRules(rules, runner);
        }

        _rulesActive = true;
        var healthy = await SyncAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => LoopAsync(healthy, _stop.Token), CancellationToken.None);
    }

    /// <summary>Checks the interface and rules once and puts back what is missing; false when something failed.</summary>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        await _syncLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var node = _registry is null ? null : await _registry.LockNodeAsync(cancellationToken).ConfigureAwait(false);
            var healthy = true;
            if (options.SetupInterface)
            {
                healthy &= await SyncInterfaceAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_rulesActive && _iptables is not null)
            {
                healthy &= Report(await _iptables.EnsureAsync(cancellationToken).ConfigureAwait(false), $"iptables {_iptables.Backend.Mode}");
            }

            if (_rulesActive && _nftables is not null)
            {
                healthy &= Report(await _nftables.EnsureAsync(cancellationToken).ConfigureAwait(false), "nftables");
            }

            return healthy;
        }
        catch (TimeoutException e)
        {
            NodeSetupLog.RulesFailed(logger, "node lock", RetryAfterFailure, e.Message);
            return false;
        }
        finally
        {
            _syncLock.Release();
        }
    }

    /// <summary>
    /// Stops the sync and, unless told to skip it or another instance still serves, tears down in the order
    /// that never leaves queries nowhere: the rules first (kube-dns ClusterIP traffic goes back to kube-proxy's
    /// DNAT, CoreDNS answers it), then <paramref name="stopServing"/> closes the listeners, then the interface
    /// goes. When the interface and rules stay, <paramref name="stopServing"/> just runs.
    /// </summary>
    public async Task ShutdownAsync(bool skipTeardown, Func<Task> stopServing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stopServing);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _syncLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            FileLock? node = null;
            try
            {
                node = _registry is null ? null : await _registry.LockNodeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                NodeSetupLog.TeardownSkipped(logger, $"the node lock stayed held ({e.Message}); the next instance re-checks");
                await stopServing().ConfigureAwait(false);
                return;
            }

            using (node)
            {
                var others = 0;
                if (_registry is not null)
                {
                    _registry.Leave();
                    others = _registry.CountOthersAlive();
                }

                if (skipTeardown || others > 0)
                {
                    NodeSetupLog.TeardownSkipped(logger, skipTeardown
                        ? "-skipteardown"
                        : $"{others} other dnscache instance(s) on this node still serve; the last one out tears down");
                    await stopServing().ConfigureAwait(false);
                    return;
                }

                var problems = await RemoveRulesAsync(cancellationToken).ConfigureAwait(false);
                await stopServing().ConfigureAwait(false);
                if (options.SetupInterface && await _interface.RemoveAsync(cancellationToken).ConfigureAwait(false) is { } interfaceError)
                {
                    problems.Add($"interface {_interface.Name}: {interfaceError}");
                }

                if (problems.Count == 0)
                {
                    NodeSetupLog.TornDown(logger, _interface.Name);
                }
                else
                {
                    NodeSetupLog.TeardownFailed(logger, string.Join("; ", problems));
                }
            }
        }
        finally
        {
            _syncLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _registry?.Dispose();
        _stop.Dispose();
        _syncLock.Dispose();
    }

    private async Task<List<string>> RemoveRulesAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var removals = new Func<CancellationToken, Task<RuleSync>>?[]
        {
            _iptables is null ? null : _iptables.RemoveAsync,
            _nftables is null ? null : _nftables.RemoveAsync,
        };
        foreach (var remove in removals)
        {
            if (remove is not null && (await remove(cancellationToken).ConfigureAwait(false)) is { ErrorType: { } type, Error: { } error })
            {
                errors.Increment(type);
                problems.Add(error);
            }
        }

        return problems;
    }

    private async Task<bool> SyncInterfaceAsync(CancellationToken cancellationToken)
    {
        var sync = await _interface.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (sync.CreatedAs is { } type)
        {
            NodeSetupLog.InterfaceCreated(logger, _interface.Name, type);
        }

        foreach (var address in sync.AddedAddresses.Where(_ => sync.CreatedAs is null))
        {
            NodeSetupLog.AddressAdded(logger, address.ToString(), _interface.Name);
        }

        if (sync.ErrorType is { } error)
        {
            errors.Increment(error);
            NodeSetupLog.InterfaceFailed(logger, _interface.Name, sync.Error!);
            return false;
        }

        return true;
    }

    private bool Report(RuleSync sync, string backend)
    {
        foreach (var rule in sync.Added)
        {
            NodeSetupLog.RuleAdded(logger, rule.ToString(), backend);
        }

        if (sync.Removed > 0)
        {
            NodeSetupLog.DuplicatesRemoved(logger, sync.Removed, backend);
        }

        if (sync.ErrorType is { } type)
        {
            errors.Increment(type);
            NodeSetupLog.RulesFailed(logger, backend, RetryAfterFailure, sync.Error!);
            return false;
        }

        return true;
    }

    private async Task LoopAsync(bool healthy, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var wait = healthy ? options.SyncInterval : TimeSpan.FromTicks(Math.Min(RetryAfterFailure.Ticks, options.SyncInterval.Ticks));
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                healthy = await SyncAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
