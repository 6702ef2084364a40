using NodeLocalDns.Controllers.Reconcile;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>The kind-independent face of an <see cref="Informer{T}"/>, for the controller that runs informers of several kinds.</summary>
public interface IInformer
{
    /// <summary>What is watched, for logs.</summary>
    string Description { get; }

    /// <summary>True once the first list has been stored.</summary>
    bool HasSynced { get; }

    /// <summary>Keys of every cached object (a snapshot).</summary>
    IReadOnlyList<ObjectKey> Keys();

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled; then completes normally. Call once.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
