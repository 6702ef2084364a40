namespace NodeLocalDns.Corefile.Writing;

/// <summary>How <see cref="CorefileWriter"/> prints.</summary>
public sealed record CorefileWriterOptions
{
    /// <summary>Print the comments the tree carries (default true; a tree parsed without comments has none).</summary>
    public bool IncludeComments { get; init; } = true;

    /// <summary>One level of indentation (default four spaces, as CoreDNS's documentation writes).</summary>
    public string Indent { get; init; } = "    ";
}
