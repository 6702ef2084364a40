namespace NodeLocalDns.Corefile.Model;

/// <summary>
/// A parsed Corefile: its server blocks in order, with every <c>import</c> already expanded and every
/// snippet definition consumed. <see cref="Warnings"/> are not part of equality: they describe how the
/// text was read, not what it means.
/// </summary>
public sealed record CorefileDocument(ValueList<ServerBlock> ServerBlocks, ValueList<string> ClosingComments)
{
    /// <summary>A document without comments, as renderers build them.</summary>
    public CorefileDocument(IEnumerable<ServerBlock> serverBlocks)
        : this(new ValueList<ServerBlock>(serverBlocks), ValueList<string>.Empty)
    {
    }

    /// <summary>What the parser noticed but accepted.</summary>
    public IReadOnlyList<CorefileWarning> Warnings { get; init; } = [];

    /// <summary>A copy without any comments, at every depth.</summary>
    public CorefileDocument WithoutComments() => this with
    {
        ClosingComments = ValueList<string>.Empty,
        ServerBlocks = new ValueList<ServerBlock>(ServerBlocks.Select(b => b.WithoutComments())),
    };

    /// <inheritdoc />
    public bool Equals(CorefileDocument? other) =>
        other is not null && ServerBlocks.Equals(other.ServerBlocks) && ClosingComments.Equals(other.ClosingComments);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ServerBlocks, ClosingComments);
}
