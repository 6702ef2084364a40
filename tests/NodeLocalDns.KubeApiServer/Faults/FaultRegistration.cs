namespace NodeLocalDns.KubeApiServer.Faults;

/// <summary>The handle returned by InjectFault: disposing it withdraws the fault.</summary>
internal sealed class FaultRegistration(Action remove) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            remove();
        }
    }
}
