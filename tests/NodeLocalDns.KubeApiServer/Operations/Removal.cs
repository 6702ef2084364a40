namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>A handle that undoes a registration when disposed (once).</summary>
internal sealed class Removal(Action remove) : IDisposable
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
