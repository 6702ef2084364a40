namespace NodeLocalDns.Controllers.Informers;

/// <summary>A watch delivered an object that does not decode: the informer sets it aside and relists.</summary>
public sealed class UndecodableObjectException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UndecodableObjectException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UndecodableObjectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public UndecodableObjectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="undecodable"/>.</summary>
    public UndecodableObjectException(UndecodableObject undecodable)
        : base($"{undecodable?.Key} does not decode: {undecodable?.Error}")
    {
        Object = undecodable;
    }

    /// <summary>The object that did not decode.</summary>
    public UndecodableObject? Object { get; }
}
