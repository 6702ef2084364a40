namespace NodeLocalDns.Operator.Hosting;

/// <summary>What <c>/readyz</c> reports: a standby replica is ready (it serves as a spare); a leader once its caches are synced.</summary>
public sealed class OperatorState
{
    private volatile string _phase = "starting";

    /// <summary>starting, standby, syncing, running or stopped.</summary>
    public string Phase => _phase;

    /// <summary>Whether the replica is ready.</summary>
    public bool IsReady => _phase is "standby" or "running";

    /// <summary>Moves to <paramref name="phase"/>.</summary>
    public void Enter(string phase) => _phase = phase;
}
