using NodeLocalDns.Controllers.Reconcile;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>The kind-independent face of an <see cref="Informer{T}"/>, for the controller that runs informers of several kinds.</summary>
public interface IInformer
{
    /// <summary>What is watched, for logs.</summary>
    string Description { get; }

    /// <summary>True once the first list has been stored.</summary>
    bool HasSynced { get; }

    /// <summary>How long every list and watch has been failing, or null while they succeed (a stuck informer serves a stale cache).</summary>
    TimeSpan? FailingFor { get; }

    /// <summary>The last failure while <see cref="FailingFor"/> is set.</summary>
    string? LastError { get; }

    /// <summary>Objects set aside because they do not decode (kept out of the store until they do).</summary>
    IReadOnlyCollection<UndecodableObject> Quarantined { get; }

    /// <summary>Keys of every cached object (a snapshot).</summary>
    IReadOnlyList<ObjectKey> Keys();

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled; then completes normally. Call once.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
