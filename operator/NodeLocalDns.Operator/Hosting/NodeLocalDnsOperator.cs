using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Controllers;
using NodeLocalDns.Controllers.Handlers;
using NodeLocalDns.Controllers.Informers;
using NodeLocalDns.Controllers.Queue;
using NodeLocalDns.Controllers.Reconcile;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.KubeApi;
using NodeLocalDns.Operator.Reconciliation;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Reconciliation.Inputs;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// The operator's moving parts, wired: one informer for NodeLocalDns objects; per watched namespace,
/// informers for ConfigMaps and Services (inputs and children), the ServiceAccount named like the children and the
/// node-cache DaemonSets (by label, whoever made them); the reconciler reading those stores; and one controller whose
/// queue every event feeds (children map to their owner, inputs fan out to every NodeLocalDns that reads them, and an
/// object in a child's place to the NodeLocalDns of that namespace).
/// </summary>
public sealed class NodeLocalDnsOperator : IDisposable
{
    private readonly Controller _controller;
    private readonly List<IInformer> _informers = [];

    /// <summary>Builds the operator on <paramref name="client"/>.</summary>
    public NodeLocalDnsOperator(IKubernetes client, OperatorRunOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var informerLogger = loggers.CreateLogger("NodeLocalDns.Operator.Informer");
        var events = new EventRecorder(client, time, loggers.CreateLogger<EventRecorder>());
        var primaryOptions = new InformerOptions
        {
            // A NodeLocalDns the operator cannot read (a value its API types refuse, stored under an older CRD) is left
            // out; say so where kubectl describe shows it. EventRecorder never throws.
            OnUndecodable = bad => _ = Task.Run(() => events.WarningAsync(
                new V1Alpha1NodeLocalDns { Metadata = new V1ObjectMeta { Name = bad.Key.Name, Uid = bad.Uid, ResourceVersion = bad.ResourceVersion } },
                "Unreadable", $"The operator cannot read this NodeLocalDns and ignores it until it is fixed: {bad.Error}", CancellationToken.None)),
        };
        var primaries = Track(new Informer<V1Alpha1NodeLocalDns>(ListWatchers.For<V1Alpha1NodeLocalDns>(client), informerLogger, primaryOptions, time));
        // ServiceAccounts and DaemonSets are cached only where they hold the node cache's place: the one name, and the
        // node-cache labels (this operator's DaemonSet and any other install's), so the reconciler sees an install it
        // did not make without caching every workload of the namespace.
        var serviceAccountName = $"metadata.name={ChildNames.NodeLocalDns}";
        var namespaces = new Dictionary<string, NamespaceStores>(StringComparer.Ordinal);
        var perNamespace = new List<(Informer<V1ConfigMap>, Informer<V1Service>, Informer<V1ServiceAccount>, Informer<V1DaemonSet>)>();
        foreach (var ns in options.WatchNamespaces.Distinct(StringComparer.Ordinal))
        {
            var configMaps = Track(new Informer<V1ConfigMap>(ListWatchers.For<V1ConfigMap>(client, ns), informerLogger, timeProvider: time));
            var services = Track(new Informer<V1Service>(ListWatchers.For<V1Service>(client, ns), informerLogger, timeProvider: time));
            var serviceAccounts = Track(new Informer<V1ServiceAccount>(
                ListWatchers.For<V1ServiceAccount>(client, ns, fieldSelector: serviceAccountName), informerLogger, timeProvider: time));
            var daemonSets = Track(new Informer<V1DaemonSet>(
                ListWatchers.For<V1DaemonSet>(client, ns, labelSelector: ChildLabels.NodeCacheSelector), informerLogger, timeProvider: time));
            namespaces[ns] = new NamespaceStores(configMaps.Store, services.Store, serviceAccounts.Store, daemonSets.Store);
            perNamespace.Add((configMaps, services, serviceAccounts, daemonSets));
        }

        Reader = new InformerClusterReader(primaries.Store, namespaces, new ApiClusterReader(client));
        var reconciler = new NodeLocalDnsReconciler(Reader, new ChildWriter(client), events, time, loggers.CreateLogger<NodeLocalDnsReconciler>());
        var controllerOptions = new ControllerOptions { ResyncPeriod = options.ResyncPeriod };
        _controller = new Controller("nodelocaldns", reconciler, loggers.CreateLogger<Controller>(), controllerOptions, time)
            // Status-only updates of a NodeLocalDns are our own writes; reconciling on them would loop. A deletion bumps the
            // generation; the confirmation of a guarded deletion is an annotation, which does not, so it passes too.
            .For(primaries, change => GenerationChanged(change)
                || change.OldObject?.GetAnnotation(DeletionProtection.ConfirmAnnotation)
                    != change.Object.GetAnnotation(DeletionProtection.ConfirmAnnotation));
        foreach (var (configMaps, services, serviceAccounts, daemonSets) in perNamespace)
        {
            _controller
                .Watch(configMaps, InputMappers.ConfigMaps(primaries.Store.List))
                .Watch(services, InputMappers.Services(primaries.Store.List))
                .Watch(serviceAccounts, InputMappers.Children<V1ServiceAccount>(primaries.Store.List))
                .Watch(daemonSets, InputMappers.Children<V1DaemonSet>(primaries.Store.List));
        }
    }

    private static readonly Func<InformerEvent<V1Alpha1NodeLocalDns>, bool> GenerationChanged = EventFilters.GenerationChanged<V1Alpha1NodeLocalDns>();

    /// <summary>What the reconciler reads through (informer stores, with direct reads outside the watched namespaces).</summary>
    public IClusterReader Reader { get; }

    /// <summary>The controller's work queue (for tests and metrics).</summary>
    public WorkQueue<ObjectKey> Queue => _controller.Queue;

    /// <summary>Runs informers, then workers, until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _controller.RunAsync(cancellationToken);

    /// <summary>Waits until every informer has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_informers.Select(i => i.WaitForSyncAsync(cancellationToken)));

    /// <summary>
    /// Why the operator should not be counted ready: an informer whose every list and watch has failed for longer than
    /// <paramref name="stuckAfter"/> (its cache is stale while the operator looks healthy), or null.
    /// </summary>
    public string? Problem(TimeSpan stuckAfter) =>
        _informers
            .Where(i => i.FailingFor > stuckAfter)
            .Select(i => $"{i.Description} failing for {i.FailingFor!.Value.TotalSeconds:0}s: {i.LastError}")
            .FirstOrDefault();

    /// <inheritdoc />
    public void Dispose() => _controller.Dispose();

    private Informer<T> Track<T>(Informer<T> informer)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        _informers.Add(informer);
        return informer;
    }
}
