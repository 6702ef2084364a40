using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Informers;

namespace NodeLocalDns.Controllers.Tests.Support;

/// <summary>An informer running in the background for a test, with every event it published.</summary>
internal sealed class RunningInformer<T> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<InformerEvent<T>> _events = [];
    private readonly Task _running;

    public RunningInformer(IListWatcher<T> source, InformerOptions? options = null)
    {
        Informer = new Informer<T>(source, Logger, options ?? Fast);
        Informer.Store.Subscribe(change =>
        {
            lock (_events)
            {
                _events.Add(change);
            }
        });
        _running = Task.Run(() => Informer.RunAsync(_stop.Token));
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
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<(InformerEventType Type, string Name)> EventsFor(params string[] names) =>
        [.. Events.Where(e => names.Contains(e.Object.Metadata.Name)).Select(e => (e.Type, e.Object.Metadata.Name))];

    public void ClearEvents()
    {
        lock (_events)
        {
            _events.Clear();
        }
    }

    public async Task SyncedAsync() => await Informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
