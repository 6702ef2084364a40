using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Model;

/// <summary>Something CoreDNS accepts but only logs about, such as an import glob that matches no file.</summary>
public sealed record CorefileWarning(SourcePosition Position, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Position}: {Message}";
}
