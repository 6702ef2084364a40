namespace NodeLocalDns.Corefile.Syntax;

/// <summary>What the lexer saw.</summary>
public enum TokenKind
{
    /// <summary>A bare word: a key, directive name, argument, or an unquoted brace.</summary>
    Word,

    /// <summary>A double-quoted string; never taken as a brace or as <c>import</c>.</summary>
    Quoted,

    /// <summary>A <c>#</c> comment (only produced when comments are kept).</summary>
    Comment,
}
