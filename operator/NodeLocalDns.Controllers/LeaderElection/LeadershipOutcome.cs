namespace NodeLocalDns.Controllers.LeaderElection;

/// <summary>Why <see cref="LeaderElectionService.RunAsync"/> returned.</summary>
public enum LeadershipOutcome
{
    /// <summary>The caller cancelled (shutdown); the leader's work was stopped and the lease released if configured.</summary>
    Cancelled,

    /// <summary>This replica was leader and could not renew (or saw another holder); its work was stopped. Exit and let the pod restart.</summary>
    LeadershipLost,

    /// <summary>The leader's work ended by itself (returned or failed) while leading; leadership was given up. Exit.</summary>
    WorkEnded,
}
