using Microsoft.Extensions.Hosting;

namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>
/// The server lives inside a test process: it must not install the console lifetime's SIGTERM/Ctrl+C handlers,
/// which would block the test host's own shutdown while waiting for a Main that never returns for it.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
