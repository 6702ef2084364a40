namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>An upstream did not answer usably (refused, closed, timed out).</summary>
internal sealed class UpstreamException : Exception
{
    public UpstreamException()
    {
    }

    public UpstreamException(string message)
        : base(message)
    {
    }

    public UpstreamException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A timeout: the upstream may answer a retry, unlike a refusal or a malformed answer.</summary>
    public bool TimedOut { get; init; }
}
