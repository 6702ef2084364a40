namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>
/// The subset of a kind's Go type information that strategic merge patch uses (the patchStrategy/patchMergeKey tags),
/// as a tree of fields. Fields not listed behave as untagged fields: objects merge recursively, lists are replaced.
/// </summary>
internal sealed class PatchSchema
{
    public static readonly PatchSchema Empty = new(new Dictionary<string, PatchField>());

    private readonly IReadOnlyDictionary<string, PatchField> _fields;

    public PatchSchema(IReadOnlyDictionary<string, PatchField> fields) => _fields = fields;

    public PatchField? Field(string name) => _fields.GetValueOrDefault(name);

    /// <summary>A copy of this schema with more fields (used to add spec/status to the common object metadata).</summary>
    public PatchSchema With(IReadOnlyDictionary<string, PatchField> more)
    {
        var merged = new Dictionary<string, PatchField>(_fields.Count + more.Count, StringComparer.Ordinal);
        foreach (var (name, field) in _fields)
        {
            merged[name] = field;
        }

        foreach (var (name, field) in more)
        {
            merged[name] = field;
        }

        return new PatchSchema(merged);
    }
}
