using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Model;

/// <summary>
/// A word of a Corefile: a server-block key, a directive name or one of its arguments. The position
/// is kept for error messages but is not part of equality: the same text read from another place is
/// the same argument.
/// </summary>
public sealed record Argument(string Value, SourcePosition Position)
{
    /// <summary>An argument built in code (for example by a renderer).</summary>
    public Argument(string value)
        : this(value, SourcePosition.None)
    {
    }

    /// <inheritdoc />
    public bool Equals(Argument? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Lets code write <c>"30"</c> where an argument is expected.</summary>
    public static implicit operator Argument(string value) => new(value);
}
