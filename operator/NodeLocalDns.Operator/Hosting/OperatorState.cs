namespace NodeLocalDns.Operator.Hosting;

/// <summary>What <c>/readyz</c> reports: a standby replica is ready (it serves as a spare); a leader once its caches are synced.</summary>
public sealed class OperatorState
{
    private volatile string _phase = "starting";
    private Func<string?>? _problem;

    /// <summary>starting, standby, syncing, running or stopped.</summary>
    public string Phase => _phase;

    /// <summary>Whether the replica is ready: a standby, or a leader whose caches synced and whose informers are not stuck.</summary>
    public bool IsReady => _phase is "standby" || (_phase is "running" && Problem is null);

    /// <summary>What keeps a running replica from being ready, or null.</summary>
    public string? Problem => Volatile.Read(ref _problem)?.Invoke();

    /// <summary>Sets where <see cref="Problem"/> comes from while the operator runs (null: nothing).</summary>
    public void Watch(Func<string?>? problem) => Volatile.Write(ref _problem, problem);

    /// <summary>Moves to <paramref name="phase"/>.</summary>
    public void Enter(string phase) => _phase = phase;
}
