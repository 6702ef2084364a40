using System.Text;

namespace NodeLocalDns.Testing.Peers;

/// <summary>
/// knotd serving generated zones on 127.0.0.1 and ::1: the authoritative upstream of the tests and the
/// benchmark. <see cref="DefaultZone"/> holds the records the tests ask for (A/AAAA/MX/TXT, a CNAME chain,
/// a big TXT RRset that needs TCP (about 8 KiB), a mid one (about 1.7 KiB) that needs EDNS, an empty non-terminal for NODATA); <c>extra</c> adds more lines.
/// </summary>
public sealed class KnotAuthoritativeServer : PeerProcess
{
    public const string Zone = "example.test.";

    private KnotAuthoritativeServer()
        : base("knot")
    {
    }

    /// <summary>The SOA: TTL 3600, MINIMUM 300 (so negative answers are cached min(3600, 300) = 300 s, RFC 2308 §5).</summary>
    public static string DefaultZone(int bigTxtStrings = 40) => $$"""
        $ORIGIN example.test.
        $TTL 300
        @        3600 IN SOA ns1 hostmaster 1 3600 600 86400 300
        @             IN NS  ns1
        ns1           IN A   127.0.0.1
        www           IN A   192.0.2.10
        www           IN A   192.0.2.11
        www           IN AAAA 2001:db8::10
        @             IN MX  10 mail
        mail          IN A   192.0.2.25
        txt           IN TXT "hello world"
        short    5    IN A   192.0.2.5
        alias         IN CNAME alias2
        alias2        IN CNAME www
        a.b.ent       IN A   192.0.2.30
        {{string.Join("\n", Enumerable.Range(0, 8).Select(i => $"mid IN TXT \"{new string((char)('a' + i), 200)}-{i}\""))}}
        {{string.Join("\n", Enumerable.Range(0, bigTxtStrings).Select(i => $"big IN TXT \"{new string((char)('a' + (i % 26)), 200)}-{i}\""))}}
        """;

    /// <param name="zoneText">The zone file (default <see cref="DefaultZone"/>).</param>
    /// <param name="extra">Lines appended to the zone.</param>
    /// <param name="port">A port to reuse (to bring a stopped upstream back on the same address).</param>
    /// <param name="extraZones">More zones to serve: origin (without trailing dot) to zone file text.</param>
    public static async Task<KnotAuthoritativeServer> StartAsync(string? zoneText = null, string? extra = null, int? port = null,
        IReadOnlyDictionary<string, string>? extraZones = null)
    {
        var server = new KnotAuthoritativeServer();
        if (port is { } p)
        {
            server.Port = p;
        }

        try
        {
            var zoneFile = Path.Combine(server.Directory, "example.test.zone");
            await File.WriteAllTextAsync(zoneFile, (zoneText ?? DefaultZone()) + "\n" + (extra ?? string.Empty) + "\n").ConfigureAwait(false);
            var config = new StringBuilder()
                .AppendLine("server:")
                .AppendLine($"    rundir: \"{server.Directory}\"")
                .AppendLine($"    listen: [ 127.0.0.1@{server.Port}, ::1@{server.Port} ]")
                .AppendLine("    background-workers: 1")
                .AppendLine("    udp-workers: 1")
                .AppendLine("    tcp-workers: 1")
                .AppendLine("database:")
                .AppendLine($"    storage: \"{server.Directory}\"")
                .AppendLine("log:")
                .AppendLine("  - target: stderr")
                .AppendLine("    any: warning")
                .AppendLine("zone:")
                .AppendLine("  - domain: example.test")
                .AppendLine($"    file: \"{zoneFile}\"")
                .AppendLine("    zonefile-sync: -1")
                .AppendLine("    journal-content: none")
                .ToString();
            foreach (var (origin, text) in extraZones ?? new Dictionary<string, string>())
            {
                var file = Path.Combine(server.Directory, origin + ".zone");
                await File.WriteAllTextAsync(file, text).ConfigureAwait(false);
                config += $"  - domain: {origin}\n    file: \"{file}\"\n    zonefile-sync: -1\n    journal-content: none\n";
            }

            var configFile = Path.Combine(server.Directory, "knot.conf");
            await File.WriteAllTextAsync(configFile, config).ConfigureAwait(false);
            await server.StartProcessAsync("/usr/sbin/knotd", ["-c", configFile], "www.example.test", TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
