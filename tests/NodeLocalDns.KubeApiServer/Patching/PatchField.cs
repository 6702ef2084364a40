namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>
/// What strategic merge patch needs to know about one field: how lists merge, the merge key, whether the field
/// carries <c>patchStrategy:"retainKeys"</c>, and the schema of the nested object (or of the list's items).
/// </summary>
internal sealed record PatchField(ListMergeStrategy Strategy, string? MergeKey, PatchSchema? Schema, bool RetainKeys = false);
