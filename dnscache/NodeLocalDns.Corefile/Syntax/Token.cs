namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// One lexical token. <see cref="EndLine"/> differs from <see cref="Position"/>'s line only for quoted
/// strings that span lines; the parser needs it to know whether the next token is on a new line.
/// <see cref="Via"/> records the chain of <c>import</c>s that brought the token in, which is how
/// import cycles are detected and reported.
/// </summary>
public readonly record struct Token(string Text, TokenKind Kind, SourcePosition Position, int EndLine, ImportFrame? Via = null)
{
    /// <summary>True for an unquoted <c>{</c>; <c>{$ENV}</c> and <c>{.spec.clusterIP}</c> are words, not braces.</summary>
    public bool IsOpenBrace => Kind == TokenKind.Word && Text == "{";

    /// <summary>True for an unquoted <c>}</c>.</summary>
    public bool IsCloseBrace => Kind == TokenKind.Word && Text == "}";

    /// <summary>True for an unquoted <c>import</c> word.</summary>
    public bool IsImport => Kind == TokenKind.Word && Text == "import";

    /// <summary>True when this token begins a new line relative to <paramref name="previous"/>.</summary>
    public bool StartsLineAfter(Token? previous) =>
        previous is not { } p || p.Position.File != Position.File || p.EndLine < Position.Line || !ReferenceEquals(p.Via, Via);
}
