namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// A Corefile that cannot be read. The message always starts with <c>file:line:column</c> and then says,
/// in a sentence a person can act on, what is wrong there.
/// </summary>
public sealed class CorefileException : Exception
{
    /// <summary>Creates an error located at <paramref name="position"/>.</summary>
    public CorefileException(SourcePosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Creates an error that wraps another one (e.g. a file source failure).</summary>
    public CorefileException(SourcePosition position, string reason, Exception inner)
        : base($"{position}: {reason}", inner)
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>Where the problem is.</summary>
    public SourcePosition Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
