namespace NodeLocalDns.Corefile.Syntax;

/// <summary>Path helpers with POSIX semantics, whatever the host: Corefiles always name Linux paths.</summary>
public static class PathPattern
{
    /// <summary>The directory part of <paramref name="path"/> (<c>/</c> for a top-level file).</summary>
    public static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash switch
        {
            < 0 => ".",
            0 => "/",
            _ => path[..slash],
        };
    }

    /// <summary>
    /// Joins <paramref name="relative"/> to <paramref name="directory"/> unless it is already absolute, and removes
    /// <c>.</c> and <c>..</c> segments.
    /// </summary>
    public static string Resolve(string directory, string relative)
    {
        var combined = relative.StartsWith('/') ? relative : $"{directory.TrimEnd('/')}/{relative}";
        var parts = new List<string>();
        foreach (var segment in combined.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(segment);
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>True when the pattern has a wildcard.</summary>
    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny('*', '?', '[') >= 0;

    /// <summary>
    /// Matches a path against a pattern where <c>*</c> is any run and <c>?</c> any single character,
    /// neither crossing a <c>/</c>, as Go's <c>path.Match</c> does.
    /// </summary>
    public static bool Matches(string pattern, string path) => Match(pattern.AsSpan(), path.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (!pattern.IsEmpty)
        {
            var p = pattern[0];
            if (p == '*')
            {
                var rest = pattern[1..];
                for (var i = 0; i <= text.Length; i++)
                {
                    if (Match(rest, text[i..]))
                    {
                        return true;
                    }

                    if (i < text.Length && text[i] == '/')
                    {
                        return false;
                    }
                }

                return false;
            }

            if (text.IsEmpty || (p == '?' ? text[0] == '/' : p != text[0]))
            {
                return false;
            }

            pattern = pattern[1..];
            text = text[1..];
        }

        return text.IsEmpty;
    }
}
