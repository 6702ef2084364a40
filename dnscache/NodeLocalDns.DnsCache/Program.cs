using System.CommandLine;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.DnsCache.Hosting;

namespace NodeLocalDns.DnsCache;

/// <summary>The command line: <c>dnscache -conf FILE</c>, as node-cache and CoreDNS take it.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Go-style single-dash long flags are what node-cache's manifests pass; accept both spellings.
        var conf = new Option<string>("-conf", "--conf") { Description = "The Corefile to load.", Required = true };
        var quiet = new Option<bool>("-quiet", "--quiet") { Description = "Only log warnings and errors." };
        var root = new RootCommand("dnscache: a Corefile-driven node-local DNS cache.") { conf, quiet };
        root.SetAction((result, token) => RunAsync(result.GetValue(conf)!, result.GetValue(quiet), token));
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(string path, bool quiet, CancellationToken token)
    {
        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(quiet ? LogLevel.Warning : LogLevel.Information)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            }));
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"dnscache: cannot start: the Corefile {path} does not exist.").ConfigureAwait(false);
            return 1;
        }

        DnsCacheHost host;
        try
        {
            host = await DnsCacheHost.StartAsync(new DnsCacheHostOptions(path) { LoggerFactory = loggerFactory }).ConfigureAwait(false);
        }
        catch (CorefileException e)
        {
            await Console.Error.WriteLineAsync($"dnscache: invalid configuration: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or InvalidOperationException or FormatException)
        {
            await Console.Error.WriteLineAsync($"dnscache: cannot start: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            var stop = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = token.Register(() => stop.TrySetResult(0));
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.TrySetResult(0);
            });
            using var sigusr1 = System.Runtime.InteropServices.PosixSignalRegistration.Create((System.Runtime.InteropServices.PosixSignal)10, c =>
            {
                // node-cache -reloadwithsignal sends SIGUSR1 after rewriting the Corefile.
                c.Cancel = true;
                _ = host.ReloadAsync();
            });
            var finished = await Task.WhenAny(stop.Task, host.Stopped).ConfigureAwait(false);
            if (finished == stop.Task)
            {
                await host.EnterLameduckAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return await finished.ConfigureAwait(false);
        }
    }
}
