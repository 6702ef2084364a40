using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;

namespace NodeLocalDns.Operator.Reconciliation.Inputs;

/// <summary>
/// Finds a NodeLocal DNSCache this NodeLocalDns did not create: objects with its children's names that it does not
/// control (the upstream addon, GKE's managed addon, kops, kubespray, the popular Helm chart, or another NodeLocalDns),
/// and node-cache DaemonSets under other names (kubespray's <c>nodelocaldns</c>), and says what to do about it. Pure.
/// <para>The operator never changes such objects: writing over an addon manager's copy starts a revert war (it puts its
/// own back every minute), and a second node cache beside the first would bind the same addresses. With
/// <c>spec.adoptExistingObjects</c> it takes over what nothing else manages.</para>
/// </summary>
public static class ExistingInstall
{
    /// <summary>The addon manager's label (kubernetes/kubernetes cluster/addons/addon-manager).</summary>
    public const string AddonManagerLabel = "addonmanager.kubernetes.io/mode";

    /// <summary>What in the node cache's place <paramref name="owner"/> did not create.</summary>
    public static IReadOnlyList<ForeignObject> Find(V1Alpha1NodeLocalDns owner, LiveChildren live, IReadOnlyList<V1DaemonSet> nodeCacheDaemonSets)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(nodeCacheDaemonSets);
        var found = new List<ForeignObject>();
        foreach (var (kind, child) in new (string, IKubernetesObject<V1ObjectMeta>?)[]
                 {
                     ("DaemonSet", live.DaemonSet), ("ConfigMap", live.ConfigMap), ("Service", live.UpstreamService),
                     ("Service", live.MetricsService), ("ServiceAccount", live.ServiceAccount),
                 })
        {
            if (child is not null && Describe(kind, child.Metadata, owner, sameName: true) is { } foreign)
            {
                found.Add(foreign);
            }
        }

        foreach (var daemonSet in nodeCacheDaemonSets.Where(d => d.Metadata.Name != ChildNames.NodeLocalDns))
        {
            if (Describe("DaemonSet", daemonSet.Metadata, owner, sameName: false) is { } foreign)
            {
                found.Insert(0, foreign);
            }
        }

        return found;
    }

    /// <summary>The foreign object <paramref name="metadata"/> describes, or null when <paramref name="owner"/> controls it.</summary>
    public static ForeignObject? Describe(string kind, V1ObjectMeta metadata, V1Alpha1NodeLocalDns owner, bool sameName)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(owner);
        if (ControllerReference.IsControlledBy(metadata, owner))
        {
            return null;
        }

        var controller = ControllerReference.Of(metadata);
        var otherNodeLocalDns = controller is { Kind: V1Alpha1NodeLocalDns.KindName } c
            && c.ApiVersion.StartsWith(V1Alpha1NodeLocalDns.ApiGroup + "/", StringComparison.Ordinal)
            ? c.Name
            : null;
        var labels = metadata.Labels ?? new Dictionary<string, string>();
        var annotations = metadata.Annotations ?? new Dictionary<string, string>();
        string? manager = null;
        var reverts = false;
        if (otherNodeLocalDns is not null)
        {
            manager = $"controlled by another owner, NodeLocalDns {otherNodeLocalDns}";
        }
        else if (controller is not null)
        {
            manager = $"controlled by {controller.Kind} {controller.Name}";
        }
        else if (labels.TryGetValue(AddonManagerLabel, out var mode))
        {
            // Reconcile: the addon manager puts its copy back; EnsureExists: it only re-creates a deleted one.
            manager = $"the addon manager, {AddonManagerLabel}={mode}";
            reverts = mode == "Reconcile";
        }
        else if (labels.TryGetValue("app.kubernetes.io/managed-by", out var managedBy) && managedBy == "Helm")
        {
            manager = annotations.TryGetValue("meta.helm.sh/release-name", out var release) ? $"Helm release {release}" : "Helm";
            reverts = true;
        }
        else if (labels.TryGetValue("addon.kops.k8s.io/name", out var kopsAddon) || labels.TryGetValue("k8s-addon", out kopsAddon))
        {
            manager = $"kops addon {kopsAddon}";
            reverts = true;
        }

        return new ForeignObject(kind, metadata.NamespaceProperty, metadata.Name, manager, otherNodeLocalDns, sameName && controller is null && !reverts);
    }

    /// <summary>
    /// The condition message: what was found, that nothing of it was changed, and the migration path, in the order that
    /// keeps DNS answering.
    /// </summary>
    public static string Report(IReadOnlyList<ForeignObject> found, NodeLocalDnsSpec spec, IReadOnlyList<string> localIps)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(localIps);
        if (found.All(f => f.OwningNodeLocalDns is not null))
        {
            return $"{string.Join(", ", found)}: only one NodeLocalDns can run the node cache in {spec.Namespace}; nothing was changed. "
                + "Delete this NodeLocalDns, or the other one.";
        }

        var daemonSets = found.Where(f => f.Kind == "DaemonSet").ToList();
        var rest = found.Where(f => f.Kind != "DaemonSet").ToList();
        var managers = found.Select(f => f.ManagedBy).OfType<string>().Distinct().ToList();
        var message = $"{spec.Namespace} runs a NodeLocal DNSCache this operator did not create: {string.Join(", ", found)}. Nothing of it was changed. "
            + "To move to the operator without a DNS outage: "
            + $"(1) stop {(managers.Count > 0 ? "what manages it (" + string.Join("; ", managers) + ")" : "whatever installed it")} "
            + "from putting it back: remove nodelocaldns.yaml from the addon manager's directory, disable GKE's NodeLocalDNS add-on, "
            + "set kops' kubeDNS.nodeLocalDNS.enabled or kubespray's enable_nodelocaldns to false, or helm uninstall its chart; ";
        message += spec.KubeProxyMode == KubeProxyMode.Ipvs
            ? $"(2) kubelet sends pods to {string.Join(" and ", localIps)} in ipvs mode, so delete {Join(daemonSets)} "
                + "with --cascade=orphan: its pods keep answering until the operator's DaemonSet, "
                + "whose selector k8s-app=node-local-dns takes them over, replaces them node by node with a surge rollout; "
            : $"(2) delete {Join(daemonSets)}: its pods remove their interface and rules as they stop, "
                + "and pods' queries to the kube-dns ClusterIP go straight to CoreDNS; ";
        message += rest.Count > 0
            ? $"(3) delete {Join(rest)}. The operator then creates its own within seconds."
            : "(3) the operator then creates its own within seconds.";
        var refused = found.Where(f => !f.Adoptable).ToList();
        if (refused.Count == 0)
        {
            return message + " Alternatively set spec.adoptExistingObjects: true to take these objects over in place.";
        }

        return spec.AdoptExistingObjects
            ? message
                + " spec.adoptExistingObjects takes over only objects with the node cache's names"
                + $" that nothing else manages or would put back: not {Join(refused)}."
            : message;
    }

    private static string Join(IEnumerable<ForeignObject> objects) => string.Join(", ", objects.Select(o => $"{o.Kind} {o.Namespace}/{o.Name}"));
}
