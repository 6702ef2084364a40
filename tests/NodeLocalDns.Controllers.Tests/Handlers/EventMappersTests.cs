using k8s.Models;
using NodeLocalDns.Controllers.Handlers;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Controllers.Tests.Support;

namespace NodeLocalDns.Controllers.Tests.Handlers;

[TestFixture]
public sealed class EventMappersTests
{
    private static readonly Func<V1ConfigMap, IEnumerable<ObjectKey>> ToWidget =
        EventMappers.ToControllerOwner<V1ConfigMap>("example.test", "Widget", ownerIsNamespaced: false);

    [Test]
    public void Self_MapsToTheObjectsKey()
    {
        Assert.That(EventMappers.Self<V1ConfigMap>()(TestObjects.ConfigMap("a", "ns")), Is.EqualTo(new[] { new ObjectKey("ns", "a") }));
    }

    [Test]
    public void ToControllerOwner_ClusterScopedOwner_MapsToKeyWithoutNamespace()
    {
        var child = TestObjects.ConfigMap("child", "kube-system", owners: TestObjects.Owner("example.test/v1", "Widget", "main"));

        Assert.That(ToWidget(child), Is.EqualTo(new[] { ObjectKey.Cluster("main") }));
    }

    [Test]
    public void ToControllerOwner_AnyVersionOfTheGroup_Matches()
    {
        var child = TestObjects.ConfigMap("child", owners: TestObjects.Owner("example.test/v2beta1", "Widget", "main"));

        Assert.That(ToWidget(child), Is.EqualTo(new[] { ObjectKey.Cluster("main") }));
    }

    [Test]
    public void ToControllerOwner_NamespacedOwner_UsesTheChildsNamespace()
    {
        var child = TestObjects.ConfigMap("child", "apps", owners: TestObjects.Owner("apps/v1", "DaemonSet", "ds"));

        Assert.That(EventMappers.ToControllerOwner<V1ConfigMap>("apps", "DaemonSet", ownerIsNamespaced: true)(child),
            Is.EqualTo(new[] { new ObjectKey("apps", "ds") }));
    }

    [Test]
    public void ToControllerOwner_CoreGroupOwner_Matches()
    {
        var child = TestObjects.ConfigMap("child", "apps", owners: TestObjects.Owner("v1", "Service", "svc"));

        Assert.That(EventMappers.ToControllerOwner<V1ConfigMap>(string.Empty, "Service", ownerIsNamespaced: true)(child),
            Is.EqualTo(new[] { new ObjectKey("apps", "svc") }));
    }

    [TestCase("example.test/v1", "Widget", false, TestName = "ToControllerOwner_NotTheController_MapsToNothing")]
    [TestCase("other.test/v1", "Widget", true, TestName = "ToControllerOwner_OtherGroup_MapsToNothing")]
    [TestCase("example.test/v1", "Gadget", true, TestName = "ToControllerOwner_OtherKind_MapsToNothing")]
    public void ToControllerOwner_NoMatchingControllerReference_MapsToNothing(string apiVersion, string kind, bool controller)
    {
        var child = TestObjects.ConfigMap("child", owners: TestObjects.Owner(apiVersion, kind, "main", controller));

        Assert.That(ToWidget(child), Is.Empty);
    }

    [Test]
    public void ToControllerOwner_NoOwners_MapsToNothing()
    {
        Assert.That(ToWidget(TestObjects.ConfigMap("orphan")), Is.Empty);
    }

    [Test]
    public void ToAll_AnyObject_MapsToEveryPrimaryKey()
    {
        var widgets = new Store<Widget>();
        widgets.Replace([TestObjects.Widget("a"), TestObjects.Widget("b")]);
        var map = EventMappers.ToAll<V1ConfigMap, Widget>(widgets);

        Assert.That(map(TestObjects.ConfigMap("coredns", "kube-system")), Is.EquivalentTo(new[] { ObjectKey.Cluster("a"), ObjectKey.Cluster("b") }));
    }

    [Test]
    public void GenerationChanged_StatusOnlyUpdate_Dropped()
    {
        var filter = EventFilters.GenerationChanged<Widget>();
        var before = TestObjects.Widget("w");
        before.Metadata.Generation = 3;
        var statusOnly = TestObjects.Widget("w");
        statusOnly.Metadata.Generation = 3;
        var specChange = TestObjects.Widget("w");
        specChange.Metadata.Generation = 4;

        Assert.Multiple(() =>
        {
            Assert.That(filter(new InformerEvent<Widget>(InformerEventType.Updated, statusOnly, before)), Is.False);
            Assert.That(filter(new InformerEvent<Widget>(InformerEventType.Updated, specChange, before)), Is.True);
            Assert.That(filter(new InformerEvent<Widget>(InformerEventType.Added, statusOnly)), Is.True);
            Assert.That(filter(new InformerEvent<Widget>(InformerEventType.Deleted, statusOnly)), Is.True);
        });
    }
}
