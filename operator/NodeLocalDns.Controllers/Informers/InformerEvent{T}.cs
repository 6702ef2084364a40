namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// A change to an informer's store, delivered after the store reflects it. Use it to decide which keys to enqueue,
/// never as the source of truth: events can be coalesced or synthesised by a relist, and a reconcile reads the
/// current state from the store itself.
/// </summary>
/// <param name="Type">What happened.</param>
/// <param name="Object">The object as it is now; for <see cref="InformerEventType.Deleted"/>, its last known state.</param>
/// <param name="OldObject">For <see cref="InformerEventType.Updated"/>, the state it replaced; otherwise null.</param>
public sealed record InformerEvent<T>(InformerEventType Type, T Object, T? OldObject = null)
    where T : class;
