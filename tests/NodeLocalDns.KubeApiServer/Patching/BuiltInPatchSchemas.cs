namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>
/// Strategic-merge metadata for the built-in kinds this server serves, transcribed from the patchStrategy and
/// patchMergeKey tags of k8s.io/api (core/v1 and apps/v1). Only tagged fields are listed.
/// </summary>
internal static class BuiltInPatchSchemas
{
    private static readonly PatchField Nested = new(ListMergeStrategy.Replace, null, null);

    public static readonly PatchSchema ObjectMeta = Schema(
        ("finalizers", new PatchField(ListMergeStrategy.Merge, null, null)),
        ("ownerReferences", new PatchField(ListMergeStrategy.Merge, "uid", null)));

    public static readonly PatchSchema Container = Schema(
        ("ports", new PatchField(ListMergeStrategy.Merge, "containerPort", null)),
        ("env", new PatchField(ListMergeStrategy.Merge, "name", null)),
        ("volumeMounts", new PatchField(ListMergeStrategy.Merge, "mountPath", null)),
        ("volumeDevices", new PatchField(ListMergeStrategy.Merge, "devicePath", null)));

    public static readonly PatchSchema PodSpec = Schema(
        ("containers", new PatchField(ListMergeStrategy.Merge, "name", Container)),
        ("initContainers", new PatchField(ListMergeStrategy.Merge, "name", Container)),
        ("ephemeralContainers", new PatchField(ListMergeStrategy.Merge, "name", Container)),
        ("volumes", new PatchField(ListMergeStrategy.Merge, "name", null, RetainKeys: true)),
        ("imagePullSecrets", new PatchField(ListMergeStrategy.Merge, "name", null)),
        ("hostAliases", new PatchField(ListMergeStrategy.Merge, "ip", null)),
        ("topologySpreadConstraints", new PatchField(ListMergeStrategy.Merge, "topologyKey", null)),
        ("schedulingGates", new PatchField(ListMergeStrategy.Merge, "name", null)),
        ("resourceClaims", new PatchField(ListMergeStrategy.Merge, "name", null, RetainKeys: true)));

    public static readonly PatchSchema PodTemplateSpec = Schema(
        ("metadata", Nested with { Schema = ObjectMeta }),
        ("spec", Nested with { Schema = PodSpec }));

    private static readonly PatchSchema ConditionsStatus = Schema(
        ("conditions", new PatchField(ListMergeStrategy.Merge, "type", null)));

    /// <summary>Kinds with no tagged fields besides the common object metadata (ConfigMap, Namespace, Lease, ...).</summary>
    public static readonly PatchSchema Generic = Schema(("metadata", Nested with { Schema = ObjectMeta }));

    public static readonly PatchSchema DaemonSet = Generic.With(Fields(
        ("spec", Nested with { Schema = Schema(("template", Nested with { Schema = PodTemplateSpec })) }),
        ("status", Nested with { Schema = ConditionsStatus })));

    public static readonly PatchSchema Deployment = Generic.With(Fields(
        ("spec", Nested with
        {
            Schema = Schema(
                ("template", Nested with { Schema = PodTemplateSpec }),
                ("strategy", Nested with { RetainKeys = true })),
        }),
        ("status", Nested with { Schema = ConditionsStatus })));

    public static readonly PatchSchema Pod = Generic.With(Fields(
        ("spec", Nested with { Schema = PodSpec }),
        ("status", Nested with { Schema = ConditionsStatus })));

    public static readonly PatchSchema Service = Generic.With(Fields(
        ("spec", Nested with { Schema = Schema(("ports", new PatchField(ListMergeStrategy.Merge, "port", null))) }),
        ("status", Nested with { Schema = ConditionsStatus })));

    public static readonly PatchSchema Node = Generic.With(Fields(
        ("status", Nested with
        {
            Schema = Schema(
                ("conditions", new PatchField(ListMergeStrategy.Merge, "type", null)),
                ("addresses", new PatchField(ListMergeStrategy.Merge, "type", null))),
        })));

    public static readonly PatchSchema CustomResourceDefinition = Generic.With(Fields(
        ("status", Nested with { Schema = ConditionsStatus })));

    private static PatchSchema Schema(params (string Name, PatchField Field)[] fields) => new(Fields(fields));

    private static Dictionary<string, PatchField> Fields(params (string Name, PatchField Field)[] fields) =>
        fields.ToDictionary(field => field.Name, field => field.Field, StringComparer.Ordinal);
}
