namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>An expression inside <c>{{ }}</c>.</summary>
internal sealed class TemplateExpression
{
    public required TemplateExpressionKind Kind { get; init; }

    /// <summary>The field names of a Field or Root chain, or the function name of a Call (as its only item).</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>The value of a Literal.</summary>
    public object? Value { get; init; }

    /// <summary>The arguments of a Call, or the commands of a Pipeline.</summary>
    public IReadOnlyList<TemplateExpression> Items { get; init; } = [];
}
