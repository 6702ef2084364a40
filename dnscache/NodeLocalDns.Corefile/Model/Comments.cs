namespace NodeLocalDns.Corefile.Model;

/// <summary>
/// The comments attached to one node when comments are kept: whole-line comments before it
/// (<see cref="Leading"/>) and the comment at the end of its first line (<see cref="Trailing"/>).
/// Each text is what followed the <c>#</c>, with trailing white space removed.
/// </summary>
public sealed record Comments(ValueList<string> Leading, string? Trailing)
{
    /// <summary>No comments.</summary>
    public static Comments None { get; } = new(ValueList<string>.Empty, null);

    /// <summary>True when there is nothing to print.</summary>
    public bool IsEmpty => Leading.Count == 0 && Trailing is null;
}
