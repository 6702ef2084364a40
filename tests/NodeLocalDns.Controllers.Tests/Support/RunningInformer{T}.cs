using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Informers;

namespace NodeLocalDns.Controllers.Tests.Support;

/// <summary>An informer running in the background for a test, with every event it published.</summary>
internal sealed class RunningInformer<T> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<InformerEvent<T>> events = [];
    private readonly Task running;

    public RunningInformer(IListWatcher<T> source, InformerOptions? options = null)
    {
        Informer = new Informer<T>(source, Logger, options ?? Fast);
        Informer.Store.Subscribe(change =>
        {
            lock (events)
            {
                events.Add(change);
            }
        });
        running = Task.Run(() => Informer.RunAsync(stop.Token));
    }

    /// <summary>Quick retries, so failure tests take milliseconds rather than seconds.</summary>
    public static InformerOptions Fast => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        MinHealthyWatch = TimeSpan.FromMilliseconds(100),
    };

    public TestLogger Logger { get; } = new();

    public Informer<T> Informer { get; }

    public Store<T> Store => Informer.Store;

    public IReadOnlyList<InformerEvent<T>> Events
    {
        get
        {
            lock (events)
            {
                return [.. events];
            }
        }
    }

    public IReadOnlyList<(InformerEventType Type, string Name)> EventsFor(params string[] names) =>
        [.. Events.Where(e => names.Contains(e.Object.Metadata.Name)).Select(e => (e.Type, e.Object.Metadata.Name))];

    public void ClearEvents()
    {
        lock (events)
        {
            events.Clear();
        }
    }

    public async Task SyncedAsync() => await Informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }
}
