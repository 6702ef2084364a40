namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// The <c>type</c> of one watch event, as the API server sends it (<c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>,
/// <c>BOOKMARK</c>). The runtime's own enum rather than the client's, because it reads watch streams itself
/// (<see cref="ApiCollectionClient"/>): the NativeAOT client package has no watch support.
/// </summary>
public enum WatchEventKind
{
    /// <summary>The object was created, or started to match the watch's selectors.</summary>
    Added,

    /// <summary>The object changed.</summary>
    Modified,

    /// <summary>The object was deleted, or stopped matching the watch's selectors.</summary>
    Deleted,

    /// <summary>No change: only a newer resourceVersion to resume from (watch bookmarks, KEP-956).</summary>
    Bookmark,
}
