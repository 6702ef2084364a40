namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>One node of a parsed template.</summary>
internal sealed class TemplateNode
{
    public required TemplateNodeKind Kind { get; init; }

    /// <summary>The literal text of a <see cref="TemplateNodeKind.Text"/> node.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The pipeline of an action, if, with or range.</summary>
    public TemplateExpression? Pipeline { get; init; }

    /// <summary>The body of if, with and range.</summary>
    public List<TemplateNode> Body { get; init; } = [];

    /// <summary>The else branch of if, with and range.</summary>
    public List<TemplateNode> Else { get; init; } = [];

    /// <summary>Where the action starts in its file, for error messages.</summary>
    public string Location { get; init; } = string.Empty;
}
