using NodeLocalDns.Testing.Peers;

// In the root namespace of the tests: NUnit runs a SetUpFixture's tear-down after the fixtures of its own
// namespace only, and every fixture is below this one.
namespace NodeLocalDns.DnsCache.Tests;

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
