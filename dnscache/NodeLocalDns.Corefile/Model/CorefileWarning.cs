using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Model;

/// <summary>Something CoreDNS accepts but only logs about, such as an import glob that matches no file.</summary>
public sealed record CorefileWarning(SourcePosition Position, string Message)
{
    /// <summary>For an import that matched no file: the absolute pattern it was resolved to (<c>/etc/coredns/custom/*.server</c>).</summary>
    public string? ImportPattern { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Position}: {Message}";
}
