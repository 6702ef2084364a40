using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Allocation;
using NodeLocalDns.KubeApiServer.GarbageCollection;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Storage;
using NodeLocalDns.KubeApiServer.Strategies;

namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>
/// Everything behind the HTTP surface: storage, the served resources, allocators and the in-process controllers
/// (garbage collector, namespace and CRD cleanup) that a real control plane runs next to the apiserver.
/// </summary>
internal sealed class ClusterState
{
    private readonly Dictionary<(string Uid, string Manager), JsonObject> _appliedConfigurations = [];
    private readonly List<(string Resource, Action<JsonObject> Mutate)> _mutatingAdmission = [];
    private string _registryBuiltFrom = "-";

    public ClusterState(TestKubeApiServerOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        Store = new ObjectStore(options.WatchHistoryLimit, initialResourceVersion: 0);
        Registry = new ResourceRegistry();
        Strategies = new StrategyContext(Store, Time, new ClusterIpAllocator(options.ServiceClusterIpRange), new NodePortAllocator());
        Writer = new ObjectWriter(this);
        Reader = new ObjectReader(this);
        GarbageCollector = new GarbageCollector(this);
    }

    public TestKubeApiServerOptions Options { get; }

    public TimeProvider Time { get; }

    public ObjectStore Store { get; }

    public ResourceRegistry Registry { get; }

    public StrategyContext Strategies { get; }

    public ObjectWriter Writer { get; }

    public ObjectReader Reader { get; }

    public GarbageCollector GarbageCollector { get; }

    public static string CustomResourceDefinitions => "customresourcedefinitions.apiextensions.k8s.io";

    /// <summary>Runs the controllers to a fixed point and refreshes the served resources if CRDs changed. Store lock held.</summary>
    public void AfterWrite()
    {
        GarbageCollector.Reconcile();
        RefreshRegistry();
    }

    public void RefreshRegistry()
    {
        lock (Store.Gate)
        {
            var crds = Store.List(CustomResourceDefinitions, ns: null);
            var fingerprint = string.Join(",", crds.Select(crd => crd.ResourceVersion));
            if (fingerprint == _registryBuiltFrom)
            {
                return;
            }

            Registry.Rebuild(crds.Select(crd => crd.ToJsonObject()));
            _registryBuiltFrom = fingerprint;
        }
    }

    /// <summary>Runs the mutating admission hooks registered for <paramref name="groupResource"/> on <paramref name="obj"/>.</summary>
    public void Admit(string groupResource, JsonObject obj)
    {
        foreach (var (resource, mutate) in _mutatingAdmission.ToArray())
        {
            if (resource == groupResource || groupResource.StartsWith(resource + ".", StringComparison.Ordinal))
            {
                mutate(obj);
            }
        }
    }

    public IDisposable AddMutatingAdmission(string resource, Action<JsonObject> mutate)
    {
        var hook = (resource, mutate);
        lock (Store.Gate)
        {
            _mutatingAdmission.Add(hook);
        }

        return new Removal(() =>
        {
            lock (Store.Gate)
            {
                _mutatingAdmission.Remove(hook);
            }
        });
    }

    public JsonObject? LastApplied(string uid, string manager)
    {
        lock (Store.Gate)
        {
            return _appliedConfigurations.GetValueOrDefault((uid, manager));
        }
    }

    public void RememberApplied(string uid, string manager, JsonObject configuration)
    {
        lock (Store.Gate)
        {
            _appliedConfigurations[(uid, manager)] = (JsonObject)configuration.DeepClone();
        }
    }
}
