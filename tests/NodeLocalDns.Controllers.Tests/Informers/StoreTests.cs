using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Controllers.Tests.Support;

namespace NodeLocalDns.Controllers.Tests.Informers;

[TestFixture]
public sealed class StoreTests
{
    [Test]
    public void Replace_First_AddsEverythingAndSyncs()
    {
        var store = new Store<V1ConfigMap>();
        var events = Record(store);
        Assert.That(store.HasSynced, Is.False);

        store.Replace([TestObjects.ConfigMap("a", resourceVersion: "1"), TestObjects.ConfigMap("b", resourceVersion: "2")]);

        Assert.Multiple(() =>
        {
            Assert.That(store.HasSynced, Is.True);
            Assert.That(store.WaitForSyncAsync(CancellationToken.None).IsCompletedSuccessfully, Is.True);
            Assert.That(store.Count, Is.EqualTo(2));
            Assert.That(events.Select(e => (e.Type, e.Object.Metadata.Name)),
                Is.EquivalentTo(new[] { (InformerEventType.Added, "a"), (InformerEventType.Added, "b") }));
        });
    }

    [Test]
    public void Replace_AfterChanges_EmitsTheDifference()
    {
        var store = new Store<V1ConfigMap>();
        var gone = TestObjects.ConfigMap("gone", resourceVersion: "1");
        var changed = TestObjects.ConfigMap("changed", resourceVersion: "2");
        store.Replace([gone, changed, TestObjects.ConfigMap("same", resourceVersion: "3")]);
        var events = Record(store);

        var changedNow = TestObjects.ConfigMap("changed", resourceVersion: "7");
        store.Replace([changedNow, TestObjects.ConfigMap("same", resourceVersion: "3"), TestObjects.ConfigMap("new", resourceVersion: "8")]);

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => (e.Type, e.Object.Metadata.Name)), Is.EquivalentTo(new[]
            {
                (InformerEventType.Deleted, "gone"),
                (InformerEventType.Updated, "changed"),
                (InformerEventType.Added, "new"),
            }));
            Assert.That(events.Single(e => e.Type == InformerEventType.Deleted).Object, Is.SameAs(gone), "a synthetic delete carries the last known state");
            Assert.That(events.Single(e => e.Type == InformerEventType.Updated).OldObject, Is.SameAs(changed));
            Assert.That(store.Keys(), Is.EquivalentTo(
                new[] { new ObjectKey("default", "changed"), new ObjectKey("default", "same"), new ObjectKey("default", "new") }));
        });
    }

    [Test]
    public void Apply_WatchEvents_UpdateStoreAndNotifyAfterwards()
    {
        var store = new Store<V1ConfigMap>();
        store.Replace([]);
        var seenInStore = new List<bool>();
        store.Subscribe(e => seenInStore.Add(store.TryGet(Store<V1ConfigMap>.KeyOf(e.Object), out _)));
        var events = Record(store);

        store.Apply(WatchEventKind.Added, TestObjects.ConfigMap("a", resourceVersion: "1"));
        store.Apply(WatchEventKind.Modified, TestObjects.ConfigMap("a", resourceVersion: "2"));
        store.Apply(WatchEventKind.Deleted, TestObjects.ConfigMap("a", resourceVersion: "3"));

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { InformerEventType.Added, InformerEventType.Updated, InformerEventType.Deleted }));
            Assert.That(events[1].OldObject!.Metadata.ResourceVersion, Is.EqualTo("1"));
            Assert.That(seenInStore, Is.EqualTo(new[] { true, true, false }), "handlers run after the store changed");
            Assert.That(store.Count, Is.Zero);
        });
    }

    [Test]
    public void Apply_ModifiedForUnknownObject_IsAnAdd()
    {
        var store = new Store<V1ConfigMap>();
        var events = Record(store);

        // A watch with a label selector reports an object that starts matching as MODIFIED on some servers.
        store.Apply(WatchEventKind.Modified, TestObjects.ConfigMap("a", resourceVersion: "5"));

        Assert.That(events.Single().Type, Is.EqualTo(InformerEventType.Added));
    }

    [Test]
    public void Apply_SameResourceVersion_NoEvent()
    {
        var store = new Store<V1ConfigMap>();
        store.Apply(WatchEventKind.Added, TestObjects.ConfigMap("a", resourceVersion: "5"));
        var events = Record(store);

        store.Apply(WatchEventKind.Modified, TestObjects.ConfigMap("a", resourceVersion: "5"));

        Assert.That(events, Is.Empty);
    }

    [Test]
    public void Subscribe_HandlerThrows_OtherHandlersStillRun()
    {
        var store = new Store<V1ConfigMap>();
        store.Subscribe(_ => throw new InvalidOperationException("boom"));
        var events = Record(store);

        store.Apply(WatchEventKind.Added, TestObjects.ConfigMap("a", resourceVersion: "1"));

        Assert.That(events, Has.Count.EqualTo(1));
    }

    [Test]
    public void Subscribe_Disposed_NoMoreEvents()
    {
        var store = new Store<V1ConfigMap>();
        var events = new List<InformerEvent<V1ConfigMap>>();
        var subscription = store.Subscribe(events.Add);

        store.Apply(WatchEventKind.Added, TestObjects.ConfigMap("a", resourceVersion: "1"));
        subscription.Dispose();
        store.Apply(WatchEventKind.Added, TestObjects.ConfigMap("b", resourceVersion: "2"));

        Assert.That(events, Has.Count.EqualTo(1));
    }

    [Test]
    public void ReadApi_TryGetGetListAndFilter()
    {
        var store = new Store<V1ConfigMap>();
        store.Replace([TestObjects.ConfigMap("a", "ns1"), TestObjects.ConfigMap("b", "ns2"), TestObjects.ConfigMap("c", "ns2")]);

        Assert.Multiple(() =>
        {
            Assert.That(store.TryGet(new ObjectKey("ns1", "a"), out var a), Is.True);
            Assert.That(a!.Metadata.Name, Is.EqualTo("a"));
            Assert.That(store.Get(new ObjectKey("ns2", "a")), Is.Null);
            Assert.That(store.List(), Has.Count.EqualTo(3));
            Assert.That(store.List(cm => cm.Metadata.NamespaceProperty == "ns2").Select(cm => cm.Metadata.Name), Is.EquivalentTo(new[] { "b", "c" }));
        });
    }

    [Test]
    public void KeyOf_ClusterScopedObject_HasNullNamespace()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Store<Widget>.KeyOf(TestObjects.Widget("w")), Is.EqualTo(ObjectKey.Cluster("w")));
            Assert.That(Store<V1ConfigMap>.KeyOf(TestObjects.ConfigMap("c", ns: "")), Is.EqualTo(ObjectKey.Cluster("c")));
            Assert.That(Store<V1ConfigMap>.KeyOf(TestObjects.ConfigMap("c", ns: "x")).ToString(), Is.EqualTo("x/c"));
        });
    }

    [Test]
    public async Task WaitForSyncAsync_CompletesOnFirstReplace()
    {
        var store = new Store<V1ConfigMap>();
        var waiting = store.WaitForSyncAsync(CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);

        store.Replace([]);

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static List<InformerEvent<T>> Record<T>(Store<T> store)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var events = new List<InformerEvent<T>>();
        store.Subscribe(events.Add);
        return events;
    }
}
