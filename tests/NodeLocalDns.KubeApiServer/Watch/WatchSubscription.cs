using System.Threading.Channels;
using NodeLocalDns.KubeApiServer.Storage;

namespace NodeLocalDns.KubeApiServer.Watch;

/// <summary>
/// One open watch. The store pushes committed events into an unbounded channel while holding its lock, so every
/// watcher sees events exactly once and in resourceVersion order; the HTTP writer drains the channel at its own pace.
/// </summary>
internal sealed class WatchSubscription
{
    private readonly Channel<WatchMessage> _channel =
        Channel.CreateUnbounded<WatchMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public WatchSubscription(WatchFilter filter) => Filter = filter;

    public WatchFilter Filter { get; }

    public ChannelReader<WatchMessage> Reader => _channel.Reader;

    /// <summary>True once the server closed this watch (DropWatches or shutdown) rather than the client.</summary>
    public bool ClosedByServer { get; private set; }

    public void Enqueue(WatchMessage message) => _channel.Writer.TryWrite(message);

    /// <summary>
    /// Translates a committed change into what this watcher sees. With selectors the apiserver's watch cache reports
    /// an object that starts matching as ADDED and one that stops matching as DELETED (carrying the previous content
    /// with the new resourceVersion), so a filtered informer cache stays exact.
    /// </summary>
    public void Offer(StoreEvent change)
    {
        if (!Filter.Covers(change.Key))
        {
            return;
        }

        switch (change.Type)
        {
            case StoreEventType.Added:
                if (Filter.Matches(change.Object))
                {
                    Enqueue(new WatchMessage(WatchMessageType.Added, change.Object, change.ResourceVersion));
                }

                break;
            case StoreEventType.Modified:
                var matchesNow = Filter.Matches(change.Object);
                var matchedBefore = change.Previous is not null && Filter.Matches(change.Previous);
                if (matchesNow && matchedBefore)
                {
                    Enqueue(new WatchMessage(WatchMessageType.Modified, change.Object, change.ResourceVersion));
                }
                else if (matchesNow)
                {
                    Enqueue(new WatchMessage(WatchMessageType.Added, change.Object, change.ResourceVersion));
                }
                else if (matchedBefore)
                {
                    Enqueue(new WatchMessage(WatchMessageType.Deleted, change.Previous!.WithResourceVersion(change.ResourceVersion), change.ResourceVersion));
                }

                break;
            case StoreEventType.Deleted:
                if (Filter.Matches(change.Object))
                {
                    Enqueue(new WatchMessage(WatchMessageType.Deleted, change.Object, change.ResourceVersion));
                }

                break;
        }
    }

    public void CloseByServer()
    {
        ClosedByServer = true;
        _channel.Writer.TryComplete();
    }

    public void Close() => _channel.Writer.TryComplete();
}
