using System.Reflection;

namespace NodeLocalDns.DnsCache.Observability;

/// <summary>The release version and source revision the binary was built from (<c>coredns_build_info</c>).</summary>
internal static class BuildVersion
{
    private static readonly string Informational =
        typeof(BuildVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The version (<c>Version</c> in Directory.Build.props).</summary>
    public static string Version => Informational.Split('+')[0];

    /// <summary>The commit the SDK stamped after the <c>+</c>, or empty.</summary>
    public static string Revision =>
        Informational.Contains('+', StringComparison.Ordinal) ? Informational[(Informational.IndexOf('+', StringComparison.Ordinal) + 1)..] : string.Empty;
}
