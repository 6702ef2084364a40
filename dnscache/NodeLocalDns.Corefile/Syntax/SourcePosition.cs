namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// Where a token starts: the file (or ConfigMap key) it came from, and its 1-based line and column.
/// Printed as <c>file:line:column</c>, the form editors and CI logs turn into links.
/// </summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    /// <summary>A position for values that were built in code rather than read from text.</summary>
    public static SourcePosition None { get; } = new("<generated>", 0, 0);

    /// <inheritdoc />
    public override string ToString() => Line == 0 ? File : $"{File}:{Line}:{Column}";
}
