using System.Text;
using System.Text.RegularExpressions;
using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.DnsCache.Hosting;

/// <summary>
/// Serves <c>import</c> from the real file system, with Go's <c>filepath.Glob</c> wildcards (<c>*</c> and
/// <c>?</c> within one path segment, any segment). It remembers every file it returned, so a reload can
/// notice a change in an imported file too (CoreDNS's reload only hashes the main Corefile).
/// </summary>
internal sealed class FileSystemCorefileSource : ICorefileSource
{
    private readonly List<CorefileSourceFile> _read = [];

    /// <summary>The files returned so far, in order.</summary>
    public IReadOnlyList<CorefileSourceFile> Read => _read;

    public IReadOnlyList<CorefileSourceFile> Find(string absolutePattern)
    {
        ArgumentNullException.ThrowIfNull(absolutePattern);
        var segments = absolutePattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var paths = new List<string> { "/" };
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            var next = new List<string>();
            foreach (var directory in paths)
            {
                if (!HasWildcard(segments[i]))
                {
                    var candidate = Path.Combine(directory, segments[i]);
                    if (last ? File.Exists(candidate) : Directory.Exists(candidate))
                    {
                        next.Add(candidate);
                    }

                    continue;
                }

                if (!Directory.Exists(directory))
                {
                    continue;
                }

                var regex = Glob(segments[i]);
                var entries = last ? Directory.EnumerateFiles(directory) : Directory.EnumerateDirectories(directory);
                next.AddRange(entries.Where(e => regex.IsMatch(Path.GetFileName(e))));
            }

            paths = next;
        }

        var files = paths.Order(StringComparer.Ordinal).Select(p => new CorefileSourceFile(p, p, File.ReadAllText(p))).ToList();
        _read.AddRange(files);
        return files;
    }

    private static bool HasWildcard(string segment) => segment.AsSpan().IndexOfAny('*', '?', '[') >= 0;

    private static Regex Glob(string segment)
    {
        var sb = new StringBuilder("^");
        foreach (var c in segment)
        {
            sb.Append(c switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
