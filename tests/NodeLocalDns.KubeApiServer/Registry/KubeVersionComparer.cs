using System.Globalization;
using System.Text.RegularExpressions;

namespace NodeLocalDns.KubeApiServer.Registry;

/// <summary>
/// Orders API versions by Kubernetes' version priority (GA before beta before alpha, higher numbers first, then
/// everything else alphabetically), which decides the preferred version of a group.
/// </summary>
internal sealed partial class KubeVersionComparer : IComparer<string>
{
    public static readonly KubeVersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var (xRank, xMajor, xMinor) = Rank(x ?? string.Empty);
        var (yRank, yMajor, yMinor) = Rank(y ?? string.Empty);
        if (xRank != yRank)
        {
            return xRank.CompareTo(yRank);
        }

        if (xRank == 3)
        {
            return string.CompareOrdinal(x, y);
        }

        return xMajor != yMajor ? yMajor.CompareTo(xMajor) : yMinor.CompareTo(xMinor);
    }

    private static (int Rank, int Major, int Minor) Rank(string version)
    {
        var match = VersionPattern().Match(version);
        if (!match.Success)
        {
            return (3, 0, 0);
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return match.Groups[2].Value switch
        {
            "" => (0, major, minor),
            "beta" => (1, major, minor),
            _ => (2, major, minor),
        };
    }

    [GeneratedRegex("^v([0-9]+)(?:(alpha|beta)([0-9]+))?$")]
    private static partial Regex VersionPattern();
}
