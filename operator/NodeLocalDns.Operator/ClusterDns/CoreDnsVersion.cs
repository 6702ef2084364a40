using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// A CoreDNS release, <c>major.minor.patch</c>. Verdicts depend on it: CoreDNS refuses a Corefile by what its
/// own build knows (its <c>plugin.cfg</c> and each plugin's <c>setup.go</c>), and those change between releases.
/// </summary>
public sealed partial record CoreDnsVersion(int Major, int Minor, int Patch) : IComparable<CoreDnsVersion>
{
    /// <summary>The newest release whose rules this operator knows (CoreDNS 1.14.4, June 2026); assumed when nothing says otherwise.</summary>
    public static CoreDnsVersion Newest { get; } = new(1, 14, 4);

    /// <summary>The <c>proxy</c> plugin left the build (coredns/coredns 1.5.0 release notes; the corefile-migration tool marks it removed there).</summary>
    public static CoreDnsVersion ProxyRemoved { get; } = new(1, 5, 0);

    /// <summary>The <c>federation</c> plugin, and the <c>kubernetes</c> options <c>upstream</c> and <c>resyncperiod</c>, were removed (CoreDNS 1.7.0 release notes).</summary>
    public static CoreDnsVersion KubernetesUpstreamRemoved { get; } = new(1, 7, 0);

    /// <summary>The <c>kubernetes</c> option <c>transfer</c> moved to the <c>transfer</c> plugin (corefile-migration, 1.8.0).</summary>
    public static CoreDnsVersion TransferPluginAdded { get; } = new(1, 8, 0);

    /// <summary>Several <c>forward</c> lines in one server block are allowed (coredns/coredns#5127).</summary>
    public static CoreDnsVersion SeveralForwards { get; } = new(1, 9, 4);

    /// <summary><c>forward</c> accepts host names, resolved once at start-up (coredns/coredns#7923); CoreDNS exits when one does not resolve.</summary>
    public static CoreDnsVersion ForwardHostNames { get; } = new(1, 14, 4);

    /// <summary>Reads <c>1.11.1</c> or <c>v1.11.1</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CoreDnsVersion? version)
    {
        version = null;
        var match = text is null ? Match.Empty : Exact().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        version = FromMatch(match);
        return version is not null;
    }

    /// <summary>
    /// The version in a container image reference, when the image is CoreDNS's: <c>registry.k8s.io/coredns/coredns:v1.11.1</c>,
    /// EKS's <c>…/eks/coredns:v1.8.7-eksbuild.3</c>, AKS's <c>…/oss/kubernetes/coredns:v1.9.4-hotfix.20230228</c>, RKE2's
    /// <c>rancher/hardened-coredns:v1.11.1-build20240305</c>, k3s's <c>rancher/mirrored-coredns-coredns:1.10.1</c>. An image
    /// whose repository does not name CoreDNS (kube-dns's <c>k8s-dns-kube-dns:1.22.20</c>) or that has no tag (only a
    /// digest) says nothing.
    /// </summary>
    public static bool TryFromImage(string? image, [NotNullWhen(true)] out CoreDnsVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(image))
        {
            return false;
        }

        var reference = image.Split('@')[0];
        var lastSlash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        if (colon <= lastSlash)
        {
            return false;
        }

        var repository = reference[..colon];
        if (!repository.Contains("coredns", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var match = TagPrefix().Match(reference[(colon + 1)..]);
        version = match.Success ? FromMatch(match) : null;
        return version is not null;
    }

    /// <inheritdoc />
    public int CompareTo(CoreDnsVersion? other) =>
        other is null ? 1
        : Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    /// <summary>Whether <paramref name="left"/> is an earlier release than <paramref name="right"/>.</summary>
    public static bool operator <(CoreDnsVersion left, CoreDnsVersion right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is <paramref name="right"/> or earlier.</summary>
    public static bool operator <=(CoreDnsVersion left, CoreDnsVersion right) => left is null || left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is a later release than <paramref name="right"/>.</summary>
    public static bool operator >(CoreDnsVersion left, CoreDnsVersion right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is <paramref name="right"/> or later.</summary>
    public static bool operator >=(CoreDnsVersion left, CoreDnsVersion right) => left is null ? right is null : left.CompareTo(right) >= 0;

    /// <summary>True when this release is <paramref name="other"/> or later.</summary>
    public bool AtLeast(CoreDnsVersion other) => CompareTo(other) >= 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    private static CoreDnsVersion? FromMatch(Match match) =>
        int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var major)
        && int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var minor)
        && int.TryParse(match.Groups[3].Value, CultureInfo.InvariantCulture, out var patch)
            ? new CoreDnsVersion(major, minor, patch)
            : null;

    [GeneratedRegex(@"^v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})$")]
    private static partial Regex Exact();

    // A tag starts with the release and may carry a distribution's suffix (-eksbuild.3, -hotfix.20230228, -build2024…).
    [GeneratedRegex(@"^v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})(?:[-+_.].*)?$")]
    private static partial Regex TagPrefix();
}
