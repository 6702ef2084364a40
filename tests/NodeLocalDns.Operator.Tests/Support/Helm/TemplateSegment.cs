namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>A piece of a template file: literal text (Tokens null) or an action's tokens (empty for a comment).</summary>
internal sealed record TemplateSegment(string Text, List<string>? Tokens, int Line);
