namespace NodeLocalDns.Testing.Containers;

/// <summary>
/// podman as <c>make images</c> set it up (scripts/podman-env.sh): its configuration and storage under
/// <c>out/images</c>, runc, the host's ulimits. Every <c>run</c> must name its network (<c>none</c>, <c>host</c> or a
/// namespace the test created): podman's default bridge network would rewrite the host firewall.
/// </summary>
public static class Podman
{
    /// <summary>The image tag <c>make images</c> gives <paramref name="name"/> (<c>dnscache</c>, <c>operator</c>).</summary>
    public static string Image(string name) => $"ghcr.io/nodelocal-operator/{name}:{Version}";

    /// <summary>The release version (Directory.Build.props), which tags the images.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>Runs <c>podman</c> with <paramref name="arguments"/>.</summary>
    /// <exception cref="InvalidOperationException"><c>make images</c> has not run, or a run names no network.</exception>
    public static Task<ProcessRunner.Result> RunAsync(params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var conf = TestData.Repo("out", "images", "containers.conf");
        if (!File.Exists(conf))
        {
            throw new InvalidOperationException($"{conf} is missing: run `make images` first (make test does).");
        }

        if (arguments.Length > 0 && arguments[0] is "run" or "create" or "build" && !arguments.Any(a => a.StartsWith("--network=", StringComparison.Ordinal) || a == "--network"))
        {
            throw new InvalidOperationException("podman run/create/build must name its network (--network none, host or ns:/run/netns/NAME).");
        }

        return ProcessRunner.RunAsync("podman", arguments, timeout: TimeSpan.FromMinutes(2), environment: new Dictionary<string, string>
        {
            ["CONTAINERS_CONF"] = conf,
            ["CONTAINERS_STORAGE_CONF"] = TestData.Repo("out", "images", "storage.conf"),
            ["TMPDIR"] = TestData.Repo("out", "images", "tmp"),
        });
    }

    private static string ReadVersion()
    {
        var props = File.ReadAllText(TestData.Repo("Directory.Build.props"));
        var start = props.IndexOf("<Version>", StringComparison.Ordinal) + "<Version>".Length;
        return props[start..props.IndexOf("</Version>", start, StringComparison.Ordinal)];
    }
}
