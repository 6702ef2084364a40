namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// Files held in memory, typically ConfigMap keys mounted at a directory: the operator adds the keys of
/// <c>kube-system/coredns</c> under <c>/etc/coredns</c> and those of <c>coredns-custom</c> under
/// <c>/etc/coredns/custom</c>, exactly where the pods see them.
/// </summary>
public sealed class InMemoryCorefileSource : ICorefileSource
{
    private readonly SortedDictionary<string, CorefileSourceFile> _files = new(StringComparer.Ordinal);

    /// <summary>Adds a file at an absolute <paramref name="path"/>, shown in positions as <paramref name="displayName"/>.</summary>
    public InMemoryCorefileSource Add(string path, string text, string? displayName = null)
    {
        var resolved = PathPattern.Resolve("/", path);
        _files[resolved] = new CorefileSourceFile(resolved, displayName ?? resolved, text);
        return this;
    }

    /// <summary>
    /// Adds every key of a ConfigMap as a file in <paramref name="directory"/>, shown as
    /// <c><paramref name="displayPrefix"/>/key</c> (or just <c>key</c> without a prefix).
    /// </summary>
    public InMemoryCorefileSource AddDirectory(string directory, IEnumerable<KeyValuePair<string, string>> keys, string? displayPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (key, text) in keys)
        {
            Add(PathPattern.Resolve(directory, key), text, displayPrefix is null ? key : $"{displayPrefix}/{key}");
        }

        return this;
    }

    /// <inheritdoc />
    public IReadOnlyList<CorefileSourceFile> Find(string absolutePattern)
    {
        if (!PathPattern.HasWildcard(absolutePattern))
        {
            return _files.TryGetValue(PathPattern.Resolve("/", absolutePattern), out var file) ? [file] : [];
        }

        return [.. _files.Values.Where(f => PathPattern.Matches(absolutePattern, f.Path))];
    }
}
