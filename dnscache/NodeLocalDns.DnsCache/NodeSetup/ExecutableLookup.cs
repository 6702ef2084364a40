namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>Finds a program on <c>PATH</c> (and the sbin directories, which a non-login PATH can lack).</summary>
internal static class ExecutableLookup
{
    /// <summary>Whether <paramref name="program"/> can be run.</summary>
    public static bool Exists(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
            .Any(dir => File.Exists(Path.Combine(dir, program)));
    }
}
