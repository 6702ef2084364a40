namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>The <c>patchStrategy</c> struct tag of a list field in the Kubernetes Go types.</summary>
internal enum ListMergeStrategy
{
    /// <summary>No tag: the patch's list replaces the whole list (atomic), e.g. tolerations, args.</summary>
    Replace,

    /// <summary><c>patchStrategy:"merge"</c>: lists of objects merge by <c>patchMergeKey</c>; lists of scalars merge as sets.</summary>
    Merge,
}
