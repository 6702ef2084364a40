namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>The expressions the test renderer evaluates.</summary>
internal enum TemplateExpressionKind
{
    /// <summary>A field chain on dot: <c>.</c>, <c>.Values.image.tag</c>.</summary>
    Field,

    /// <summary>A field chain on the template's data: <c>$</c>, <c>$.Release.Namespace</c>.</summary>
    Root,

    /// <summary>A string, number, boolean or nil literal.</summary>
    Literal,

    /// <summary>A function call: <c>include "x" .</c>, <c>quote</c>.</summary>
    Call,

    /// <summary>Commands joined by <c>|</c>: each result becomes the last argument of the next call.</summary>
    Pipeline,
}
