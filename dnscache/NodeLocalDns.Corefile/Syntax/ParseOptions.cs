namespace NodeLocalDns.Corefile.Syntax;

/// <summary>How to read a Corefile.</summary>
public sealed record ParseOptions
{
    /// <summary>CoreDNS's cap on snippet expansions, and separately on file imports, in one parse.</summary>
    public const int CoreDnsImportExpansionCap = 1000;

    /// <summary>The name positions show for the main text (default <c>Corefile</c>, the ConfigMap key).</summary>
    public string FileName { get; init; } = "Corefile";

    /// <summary>
    /// Where the main text lives, to resolve its relative imports (default <c>/etc/coredns</c>, where
    /// CoreDNS's ConfigMap is mounted).
    /// </summary>
    public string Directory { get; init; } = "/etc/coredns";

    /// <summary>Where file imports are read; <c>null</c> allows snippet imports only.</summary>
    public ICorefileSource? Files { get; init; }

    /// <summary>Keep comments in the tree (for tools that rewrite a Corefile a person wrote).</summary>
    public bool KeepComments { get; init; }

    /// <summary>
    /// Expands <c>{$NAME}</c> and <c>{%NAME%}</c>; <c>null</c> (the default) keeps them verbatim,
    /// because the operator reads a Corefile whose environment is another pod's.
    /// </summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>
    /// Whether importing a named file that does not exist is an error (CoreDNS's behaviour, the default)
    /// or a warning. The operator reads CoreDNS's config from ConfigMaps and cannot see files a sidecar
    /// generates or a hostPath holds, so it warns instead of refusing the whole config. A bare name
    /// (no <c>/</c> or <c>.</c>) that is not a snippet stays an error: it is most likely a misspelt snippet.
    /// </summary>
    public bool MissingFileIsError { get; init; } = true;

    /// <summary>The most snippet expansions, and file imports, allowed in one parse.</summary>
    public int MaxImportExpansions { get; init; } = CoreDnsImportExpansionCap;
}
