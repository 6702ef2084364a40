using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsCache.Tests.Support;

/// <summary>One knotd for the whole test run (started on first use, stopped at the end).</summary>
[SetUpFixture]
public sealed class KnotFixture
{
    private static KnotAuthoritativeServer? _knot;
    private static readonly SemaphoreSlim Lock = new(1, 1);

    public static async Task<KnotAuthoritativeServer> SharedAsync()
    {
        await Lock.WaitAsync();
        try
        {
            return _knot ??= await KnotAuthoritativeServer.StartAsync();
        }
        finally
        {
            Lock.Release();
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_knot is not null)
        {
            await _knot.DisposeAsync();
            _knot = null;
        }
    }
}
