namespace NodeLocalDns.Testing.Peers;

/// <summary>
/// The published dnscache binary (<c>out/dnscache/dnscache</c>) started from a Corefile. The Corefile text
/// may use <c>{PORT}</c> for the port this runner picked.
/// </summary>
public sealed class DnsCacheProcess : PeerProcess
{
    private DnsCacheProcess()
        : base("dnscache")
    {
    }

    /// <summary>Where <c>make publish</c> puts the binary, relative to the repository root.</summary>
    public const string PublishedPath = "out/dnscache/dnscache";

    public static async Task<DnsCacheProcess> StartAsync(string binary, string corefile, string probeName,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = new DnsCacheProcess();
        try
        {
            var file = Path.Combine(server.Directory, "Corefile");
            var port = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(file, corefile.Replace("{PORT}", port, StringComparison.Ordinal)).ConfigureAwait(false);
            await server.StartProcessAsync(binary, ["-conf", file], probeName, TimeSpan.FromSeconds(15), environment).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
