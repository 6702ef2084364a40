namespace NodeLocalDns.KubeApiServer.Watch;

/// <summary>The <c>type</c> of a watch event on the wire.</summary>
internal enum WatchMessageType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
