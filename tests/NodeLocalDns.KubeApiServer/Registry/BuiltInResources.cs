using NodeLocalDns.KubeApiServer.Patching;
using NodeLocalDns.KubeApiServer.Strategies;
using NodeLocalDns.KubeApiServer.Tables;

namespace NodeLocalDns.KubeApiServer.Registry;

/// <summary>The built-in resources this server serves, with the names, short names and categories of a 1.32 cluster.</summary>
internal static class BuiltInResources
{
    public static IReadOnlyList<ResourceDefinition> All { get; } =
    [
        // core/v1
        new()
        {
            Group = "", Version = "v1", Plural = "namespaces", Singular = "namespace", Kind = "Namespace", Namespaced = false,
            ShortNames = ["ns"], HasStatus = true, ReturnDeletedObject = true, Strategy = NamespaceStrategy.Instance,
            StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.Namespaces, SelectableFields = ["status.phase"],
            NameRule = NameRule.Label,
        },
        new()
        {
            Group = "", Version = "v1", Plural = "nodes", Singular = "node", Kind = "Node", Namespaced = false,
            ShortNames = ["no"], HasStatus = true, KeepsStatusOnCreate = true, StrategicMergeSchema = BuiltInPatchSchemas.Node,
            Columns = TableColumns.Nodes, SelectableFields = ["spec.unschedulable"],
        },
        new()
        {
            Group = "", Version = "v1", Plural = "configmaps", Singular = "configmap", Kind = "ConfigMap", Namespaced = true,
            ShortNames = ["cm"], StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.ConfigMaps,
        },
        new()
        {
            Group = "", Version = "v1", Plural = "secrets", Singular = "secret", Kind = "Secret", Namespaced = true,
            StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.AgeOnly, SelectableFields = ["type"],
        },
        new()
        {
            Group = "", Version = "v1", Plural = "services", Singular = "service", Kind = "Service", Namespaced = true,
            ShortNames = ["svc"], Categories = ["all"], HasStatus = true, ReturnDeletedObject = true, Strategy = ServiceStrategy.Instance,
            StrategicMergeSchema = BuiltInPatchSchemas.Service, Columns = TableColumns.Services, NameRule = NameRule.Rfc1035Label,
        },
        new()
        {
            Group = "", Version = "v1", Plural = "serviceaccounts", Singular = "serviceaccount", Kind = "ServiceAccount", Namespaced = true,
            ShortNames = ["sa"], StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.AgeOnly,
        },
        new()
        {
            Group = "", Version = "v1", Plural = "endpoints", Singular = "endpoints", Kind = "Endpoints", Namespaced = true,
            ShortNames = ["ep"], AllowCreateOnUpdate = true, StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.AgeOnly,
        },
        new()
        {
            Group = "", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", Namespaced = true,
            ShortNames = ["ev"], AllowCreateOnUpdate = true, StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.AgeOnly,
            SelectableFields =
            [
                "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                "reason", "reportingComponent", "source", "type",
            ],
        },
        new()
        {
            Group = "", Version = "v1", Plural = "pods", Singular = "pod", Kind = "Pod", Namespaced = true,
            ShortNames = ["po"], Categories = ["all"], HasStatus = true, ReturnDeletedObject = true, Strategy = PodStrategy.Instance,
            StrategicMergeSchema = BuiltInPatchSchemas.Pod, Columns = TableColumns.Pods,
            SelectableFields =
            [
                "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                "status.phase", "status.podIP", "status.nominatedNodeName",
            ],
        },

        // apps/v1
        new()
        {
            Group = "apps", Version = "v1", Plural = "daemonsets", Singular = "daemonset", Kind = "DaemonSet", Namespaced = true,
            ShortNames = ["ds"], Categories = ["all"], HasStatus = true, TracksGeneration = true, Strategy = DaemonSetStrategy.Instance,
            StrategicMergeSchema = BuiltInPatchSchemas.DaemonSet, Columns = TableColumns.DaemonSets,
        },
        new()
        {
            Group = "apps", Version = "v1", Plural = "deployments", Singular = "deployment", Kind = "Deployment", Namespaced = true,
            ShortNames = ["deploy"], Categories = ["all"], HasStatus = true, TracksGeneration = true, Strategy = DeploymentStrategy.Instance,
            StrategicMergeSchema = BuiltInPatchSchemas.Deployment, Columns = TableColumns.Deployments,
        },

        // coordination.k8s.io/v1
        new()
        {
            Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease", Namespaced = true,
            StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.Leases,
        },

        // policy/v1: the chart's PodDisruptionBudget (no eviction API here, so nothing reads it but kubectl and tests).
        new()
        {
            Group = "policy", Version = "v1", Plural = "poddisruptionbudgets", Singular = "poddisruptionbudget", Kind = "PodDisruptionBudget",
            Namespaced = true, ShortNames = ["pdb"], HasStatus = true, TracksGeneration = true,
            StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.AgeOnly,
        },

        // events.k8s.io/v1
        new()
        {
            Group = "events.k8s.io", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", Namespaced = true,
            ShortNames = ["ev"], AllowCreateOnUpdate = true, StrategicMergeSchema = BuiltInPatchSchemas.Generic, Columns = TableColumns.AgeOnly,
        },

        // apiextensions.k8s.io/v1
        new()
        {
            Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions", Singular = "customresourcedefinition",
            Kind = "CustomResourceDefinition", Namespaced = false, ShortNames = ["crd", "crds"], Categories = ["api-extensions"],
            HasStatus = true, TracksGeneration = true, AllowUnconditionalUpdate = false, ReturnDeletedObject = true,
            Strategy = CustomResourceDefinitionStrategy.Instance, StrategicMergeSchema = BuiltInPatchSchemas.CustomResourceDefinition,
            Columns = TableColumns.CustomResourceDefinitions,
        },

        // rbac.authorization.k8s.io/v1
        Rbac("clusterroles", "clusterrole", "ClusterRole", namespaced: false),
        Rbac("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false),
        Rbac("roles", "role", "Role", namespaced: true),
        Rbac("rolebindings", "rolebinding", "RoleBinding", namespaced: true),
    ];

    private static ResourceDefinition Rbac(string plural, string singular, string kind, bool namespaced) => new()
    {
        Group = "rbac.authorization.k8s.io",
        Version = "v1",
        Plural = plural,
        Singular = singular,
        Kind = kind,
        Namespaced = namespaced,
        AllowCreateOnUpdate = true,
        StrategicMergeSchema = BuiltInPatchSchemas.Generic,
        Columns = TableColumns.AgeOnly,
        NameRule = NameRule.PathSegment,
    };
}
