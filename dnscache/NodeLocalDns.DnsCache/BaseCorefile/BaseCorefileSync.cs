using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.DnsCache.NodeSetup;

namespace NodeLocalDns.DnsCache.BaseCorefile;

/// <summary>
/// node-cache's config sync for the stock addon manifest: renders <c>-basecorefile</c> (with the kube-dns
/// ConfigMap from <c>-kubednscm</c>) into <c>-conf</c> at start and whenever either changes, polling every
/// 10 s as node-cache does. A result that does not load is never written (node-cache writes it, so the next
/// pod restart crash-loops): the last good file stays, the failure is logged and counted as
/// <c>configmap</c> in <c>coredns_nodecache_setup_errors_total</c>.
/// </summary>
internal sealed class BaseCorefileSync(BaseCorefileSettings settings, Func<string, string, Exception?> validate, SetupErrorCounters errors, ILogger logger)
{
    /// <summary>node-cache's <c>DefaultConfigSyncPeriod</c>.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private string? _inputsHash;

    /// <summary>Renders and writes the Corefile if its inputs changed; true when a new file was written.</summary>
    /// <exception cref="FormatException">The inputs cannot give a working Corefile (the message says why).</exception>
    public async Task<bool> RenderAsync(CancellationToken cancellationToken)
    {
        var template = await File.ReadAllTextAsync(settings.BaseCorefile, cancellationToken).ConfigureAwait(false);
        var kubeDns = settings.KubeDnsDirectory is { } dir && Directory.Exists(dir) ? KubeDnsSettings.Read(dir) : KubeDnsSettings.Empty;
        var clusterDns = Environment.GetEnvironmentVariable(NodeCacheTemplate.ServiceHostVariable(settings.UpstreamService));
        var stubDomains = string.Join('\0', kubeDns.StubDomains.Select(s => $"{s.Domain}={string.Join(',', s.Servers)}"));
        var inputs = Hash($"{template}\0{stubDomains}\0{string.Join(',', kubeDns.UpstreamNameservers)}\0{clusterDns}");
        if (inputs == _inputsHash)
        {
            return false;
        }

        var text = NodeCacheTemplate.Render(template, kubeDns, settings.LocalIps, settings.DnsPort, settings.UpstreamService, clusterDns);
        if (validate(text, settings.ConfigPath) is { } problem)
        {
            throw new FormatException($"the Corefile rendered from {settings.BaseCorefile} does not load: {problem.Message}", problem);
        }

        var current = File.Exists(settings.ConfigPath) ? await File.ReadAllTextAsync(settings.ConfigPath, cancellationToken).ConfigureAwait(false) : null;
        _inputsHash = inputs;
        if (current == text)
        {
            return false;
        }

        // Write beside and rename, so the reload loop never reads half a file.
        var temporary = settings.ConfigPath + ".tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, settings.ConfigPath, overwrite: true);
        BaseCorefileLog.Updated(logger, settings.ConfigPath, kubeDns.StubDomains.Count,
            kubeDns.UpstreamNameservers.Count == 0 ? "/etc/resolv.conf" : string.Join(' ', kubeDns.UpstreamNameservers));
        return true;
    }

    /// <summary>Re-renders every <see cref="Period"/> until cancelled; <paramref name="changed"/> runs after each new file.</summary>
    public async Task RunAsync(Func<Task> changed, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Period, time, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (await RenderAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await changed().ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or CorefileException)
                {
                    errors.Increment(SetupErrorType.ConfigMap);
                    BaseCorefileLog.Rejected(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
