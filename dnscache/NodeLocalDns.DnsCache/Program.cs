using System.Reflection;
using NodeLocalDns.DnsCache.CommandLine;
using NodeLocalDns.DnsCache.Hosting;
using NodeLocalDns.DnsCache.Probes;

namespace NodeLocalDns.DnsCache;

/// <summary>
/// The command line: node-cache's flags in Go's syntax (<c>dnscache -localip 169.254.20.10 -conf /etc/Corefile</c>),
/// see <see cref="DaemonCommandLine"/>. A flag that cannot be used is one line on stderr and exit code 2,
/// before anything touches the node.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        DaemonFlags? flags;
        try
        {
            flags = DaemonCommandLine.Parse(args);
        }
        catch (FlagParseException e)
        {
            await Console.Error.WriteLineAsync($"dnscache: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        if (flags is null)
        {
            await Console.Out.WriteAsync(DaemonCommandLine.Usage()).ConfigureAwait(false);
            return 0;
        }

        if (flags.Version)
        {
            await Console.Out.WriteLineAsync($"dnscache {Version}").ConfigureAwait(false);
            return 0;
        }

        if (flags.Probe is { } probe)
        {
            var problem = await ProbeServer.AskAsync(flags.ProbeSocket, probe, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"dnscache: not {probe}: {problem}").ConfigureAwait(false);
            }

            return problem is null ? 0 : 1;
        }

        return await new Daemon(flags).RunAsync().ConfigureAwait(false);
    }

    /// <summary>The release version (<c>Version</c> in Directory.Build.props).</summary>
    private static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
