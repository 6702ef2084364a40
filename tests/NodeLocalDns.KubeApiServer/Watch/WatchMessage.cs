using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Storage;

namespace NodeLocalDns.KubeApiServer.Watch;

/// <summary>One line of a watch stream before serialization.</summary>
internal sealed record WatchMessage(WatchMessageType Type, StoredObject? Object, long ResourceVersion, JsonObject? Status = null, bool InitialEventsEnd = false)
{
    public static WatchMessage Bookmark(long resourceVersion, bool initialEventsEnd = false) =>
        new(WatchMessageType.Bookmark, null, resourceVersion, null, initialEventsEnd);

    public static WatchMessage Error(JsonObject status) => new(WatchMessageType.Error, null, 0, status);

    public string WireType => Type switch
    {
        WatchMessageType.Added => "ADDED",
        WatchMessageType.Modified => "MODIFIED",
        WatchMessageType.Deleted => "DELETED",
        WatchMessageType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };
}
