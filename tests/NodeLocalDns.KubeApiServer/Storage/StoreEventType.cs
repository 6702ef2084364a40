namespace NodeLocalDns.KubeApiServer.Storage;

internal enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}
