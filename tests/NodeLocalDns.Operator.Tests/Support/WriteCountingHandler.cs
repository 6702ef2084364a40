namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>Counts the write requests one client sends (anything but GET), leases apart, so a test can tell which replica wrote.</summary>
internal sealed class WriteCountingHandler : DelegatingHandler
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.RequestUri?.AbsolutePath.Contains("/leases", StringComparison.Ordinal) != true)
        {
            Interlocked.Increment(ref _writes);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
