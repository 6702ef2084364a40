using System.Diagnostics;
using System.Net;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.DnsBench;

/// <summary>One server under test in front of knot, pinned to the server core.</summary>
internal sealed class BenchServer(string name, PeerProcess process) : IAsyncDisposable
{
    public string Name { get; } = name;

    public PeerProcess Process { get; } = process;

    public IPEndPoint Endpoint => Process.Endpoint;

    public int Pid => Process.Pid;

    /// <param name="name">dnscache, unbound, dnsmasq or dnsdist.</param>
    /// <param name="knot">The authoritative upstream.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="capacity">Cache entries to allow: the stock 9984 (CoreDNS's default) or enough for the RSS check.</param>
    public static async Task<BenchServer> StartAsync(string name, IPEndPoint knot, BenchOptions options, int capacity = 9984)
    {
        PeerProcess process = name switch
        {
            // As a user runs the binary: no environment variables (its GC settings are compiled in).
            "dnscache" => await DnsCacheProcess.StartAsync(options.DnscacheBinary, Corefile(knot, capacity), "www.example.test"),
            "unbound" => await UnboundResolver.StartAsync(knot, "example.test", extraZones: ["cluster.local"]),
            "dnsmasq" => await DnsmasqServer.StartAsync(knot, cacheSize: Math.Max(10000, capacity)),
            "dnsdist" => await DnsdistServer.StartAsync(knot),
            _ => throw new ArgumentException($"unknown server {name}"),
        };
        Pin(process.Pid, options.ServerCore);
        return new BenchServer(name, process);
    }

    /// <summary>A Corefile like the node-local-dns addon's: cluster zone and the rest, both cached.</summary>
    private static string Corefile(IPEndPoint knot, int capacity) => $$"""
        cluster.local:{PORT} {
            bind 127.0.0.1
            cache {
                success 9984 30
                denial 9984 5
            }
            forward . {{knot}}
        }
        .:{PORT} {
            bind 127.0.0.1
            cache 30 {
                success {{capacity}}
                denial {{capacity}}
            }
            forward . {{knot}}
        }
        """;

    public static void Pin(int pid, int core)
    {
        using var taskset = System.Diagnostics.Process.Start(new ProcessStartInfo(
            "taskset",
            [
                "-a", "-p", "-c",
                core.ToString(System.Globalization.CultureInfo.InvariantCulture),
                pid.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        taskset.WaitForExit();
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
