using System.Runtime.InteropServices;

namespace NodeLocalDns.LocalCluster;

/// <summary>
/// <c>make run</c>. With a reachable cluster in the kubeconfig, it runs the operator against it (kubebuilder's
/// convention: the CRD is applied, the operator runs in this terminal). Without one it shows the whole product
/// at work on this machine: an embedded cluster (the in-process API server), the operator reconciling a
/// NodeLocalDns, and the daemon answering queries on loopback. Both run until Ctrl+C.
/// </summary>
internal static class Program
{
    public static async Task<int> Main()
    {
        var repository = Repository.Root();
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        if (await ExistingCluster.FindAsync() is { } context)
        {
            return await ExistingCluster.RunAsync(repository, context, stop.Token);
        }

        return await LocalDemo.RunAsync(repository, stop.Token);
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}
