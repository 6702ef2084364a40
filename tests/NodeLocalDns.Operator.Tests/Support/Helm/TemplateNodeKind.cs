namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>The template constructs the test renderer knows.</summary>
internal enum TemplateNodeKind
{
    /// <summary>Literal text, already trimmed by neighbouring <c>{{-</c>/<c>-}}</c> markers.</summary>
    Text,

    /// <summary><c>{{ pipeline }}</c>: prints the value.</summary>
    Action,

    /// <summary><c>{{ if p }}…{{ else }}…{{ end }}</c> (<c>else if</c> nests another If in the else branch).</summary>
    If,

    /// <summary><c>{{ with p }}…{{ else }}…{{ end }}</c>: the body runs with dot set to the value when it is not empty.</summary>
    With,

    /// <summary><c>{{ range p }}…{{ else }}…{{ end }}</c> over a list, with dot set to each item.</summary>
    Range,
}
