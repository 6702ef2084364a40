namespace NodeLocalDns.KubeApiServer.Storage;

/// <summary>
/// One committed change. <see cref="Previous"/> is the revision before it (null for ADDED); for DELETED,
/// <see cref="Object"/> is the last content stamped with the deletion's resourceVersion, as etcd reports it.
/// </summary>
internal sealed record StoreEvent(StoreEventType Type, StoredObject Object, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;

    public StorageKey Key => Object.Key;
}
