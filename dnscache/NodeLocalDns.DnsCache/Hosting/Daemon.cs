using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.DnsCache.BaseCorefile;
using NodeLocalDns.DnsCache.CommandLine;
using NodeLocalDns.DnsCache.NodeSetup;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Probes;
using NodeLocalDns.DnsCache.Server;

namespace NodeLocalDns.DnsCache.Hosting;

/// <summary>
/// The whole daemon as node-cache runs it, in node-cache's order: render the base Corefile if there is one,
/// serve the set-up metrics, create the interface, start the DNS listeners, then (listeners up) write the
/// pid file and install the rules, and keep all of it in sync. On SIGTERM: not ready at once, new queries
/// steered to a replacement on the same ports, DNS served for the lame-duck period, then the teardown in
/// <see cref="NodeNetworking.ShutdownAsync"/>'s order. Exit codes: 0 after a clean stop, 1 when it cannot
/// start or stopped on a detected forwarding loop, 2 for an invalid configuration.
/// </summary>
internal sealed class Daemon(DaemonFlags flags)
{
    private const int SigUsr1 = 10;

    /// <summary>Runs until SIGTERM or SIGINT, or until the daemon must stop.</summary>
    public async Task<int> RunAsync()
    {
        // Full collections run in the background (concurrent GC, see the project file) and never as blocking
        // ones unless memory runs out: a blocking gen2 collection over a cache of 100,000 entries paused the miss
        // path for tens of milliseconds (dnscache/README.md, "Memory").
        System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;

        using var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(flags.Quiet ? LogLevel.Warning : LogLevel.Information)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            }));
        var logger = loggers.CreateLogger("dnscache");
        var time = TimeProvider.System;
        var configPath = flags.ConfigPath!;
        var errors = new SetupErrorCounters();

        var baseCorefile = await StartBaseCorefileAsync(errors, logger).ConfigureAwait(false);
        if (baseCorefile.ExitCode is { } failed)
        {
            return failed;
        }

        if (!File.Exists(configPath))
        {
            return Fail($"cannot start: the Corefile {configPath} does not exist.", 1);
        }

        await using var setupMetrics = flags.MetricsListenAddress is { } metricsAddress
            ? HttpEndpointBinding.Start(
                metricsAddress,
                new(StringComparer.Ordinal) { ["/metrics"] = () => (200, errors.Render(), "text/plain; version=0.0.4; charset=utf-8") },
                time,
                logger)
            : null;
        await using var node = flags.ManagesNode ? new NodeNetworking(NodeOptions(), CommandRunner.Default, errors, time, logger) : null;
        if (node is not null)
        {
            await node.PrepareAsync(CancellationToken.None).ConfigureAwait(false);
        }

        DnsCacheHost host;
        try
        {
            host = await DnsCacheHost.StartAsync(new DnsCacheHostOptions(configPath)
            {
                LoggerFactory = loggers,
                DefaultPort = flags.DnsPort,
                Time = time,
                ExtraMetrics = [errors.Family],
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CorefileException or ListenerBindException or IOException
            or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            // Nothing is served: leave the node as it was before this instance (no rules were installed yet).
            if (node is not null)
            {
                await node.ShutdownAsync(flags.SkipTeardown, () => Task.CompletedTask, CancellationToken.None).ConfigureAwait(false);
            }

            return e is CorefileException ? Fail($"invalid configuration: {e.Message}", 2) : Fail($"cannot start: {e.Message}", 1);
        }

        await using (host.ConfigureAwait(false))
        {
            if (flags.PidFile is { } pidFile)
            {
                await File.WriteAllTextAsync(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n").ConfigureAwait(false);
            }

            if (node is not null)
            {
                await node.ActivateAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await using var probes = StartProbes(host, logger);
            using var stopSync = new CancellationTokenSource();
            var sync = baseCorefile.Sync?.RunAsync(
                flags.ReloadWithSignal ? () => host.ReloadAsync() : () => Task.CompletedTask, time, stopSync.Token) ?? Task.CompletedTask;

            var stop = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
            using var sigusr1 = PosixSignalRegistration.Create((PosixSignal)SigUsr1, c =>
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

            await stopSync.CancelAsync().ConfigureAwait(false);
            await sync.ConfigureAwait(false);
            if (node is not null)
            {
                await node.ShutdownAsync(
                    flags.SkipTeardown,
                    async () => await host.DisposeAsync().ConfigureAwait(false),
                    CancellationToken.None).ConfigureAwait(false);
            }

            return await finished.ConfigureAwait(false);
        }
    }

    private static void Stop(PosixSignalContext context, TaskCompletionSource<int> stop)
    {
        context.Cancel = true;
        stop.TrySetResult(0);
    }

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"dnscache: {message}");
        return exitCode;
    }

    private NodeSetupOptions NodeOptions() => new()
    {
        LocalIps = flags.LocalIps,
        SetupInterface = flags.SetupInterface,
        InterfaceName = flags.InterfaceName,
        SetupIptables = flags.SetupIptables,
        SetupNftables = flags.SetupNftables,
        SkipTeardown = flags.SkipTeardown,
        SyncInterval = flags.SyncInterval,
        DnsPort = flags.DnsPort,
        HealthPort = flags.HealthPort,
        InstanceDirectory = flags.InstanceDirectory,
    };

    // node-cache renders -basecorefile when it exists; a missing default path is the normal case for
    // manifests that mount the finished Corefile (ours, kubespray's), a missing given path is a mistake.
    private async Task<(BaseCorefileSync? Sync, int? ExitCode)> StartBaseCorefileAsync(SetupErrorCounters errors, ILogger logger)
    {
        if (!File.Exists(flags.BaseCorefile))
        {
            if (flags.BaseCorefileGiven)
            {
                return (null, Fail($"cannot start: -basecorefile {flags.BaseCorefile} does not exist.", 2));
            }

            BaseCorefileLog.NoTemplate(logger, flags.BaseCorefile);
            return (null, null);
        }

        var kubeDns = flags.KubeDnsConfigDirectory.Length > 0 ? flags.KubeDnsConfigDirectory : Directory.Exists("/etc/kube-dns") ? "/etc/kube-dns" : null;
        var settings = new BaseCorefileSettings(flags.BaseCorefile, kubeDns, flags.UpstreamService, flags.LocalIps, flags.DnsPort, flags.ConfigPath!);
        var sync = new BaseCorefileSync(settings, Validate, errors, logger);
        try
        {
            await sync.RenderAsync(CancellationToken.None).ConfigureAwait(false);
            return (sync, null);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return (null, Fail($"invalid configuration: {e.Message}", 2));
        }
    }

    private Exception? Validate(string text, string path)
    {
        try
        {
            DnsCacheHost.Load(text, path, flags.DnsPort);
            return null;
        }
        catch (Exception e) when (e is CorefileException or IOException)
        {
            return e;
        }
    }

    private ProbeServer? StartProbes(DnsCacheHost host, ILogger logger)
    {
        try
        {
            return ProbeServer.Start(flags.ProbeSocket, what => what == "ready" && !host.Ready ? "DNS listeners not serving (starting or lame duck)" : null);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            LogMessages.ProbeSocketUnavailable(logger, flags.ProbeSocket, e.Message);
            return null;
        }
    }
}
