namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// CoreDNS's environment placeholders: <c>{$NAME}</c> (Unix style) and <c>{%NAME%}</c> (Windows style),
/// replaced anywhere inside a token. A variable that is not set becomes the empty string, as in CoreDNS.
/// </summary>
public static class EnvironmentPlaceholders
{
    /// <summary>True when <paramref name="text"/> contains a placeholder.</summary>
    public static bool Contains(string text) =>
        text.Contains("{$", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>Replaces every placeholder using <paramref name="lookup"/>; a <c>null</c> result counts as empty.</summary>
    public static string Expand(string text, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (!Contains(text))
        {
            return text;
        }

        // Windows style first, as CoreDNS does, so "{%A%}" is never read as the start of "{$".
        return Replace(Replace(text, "{%", "%}", lookup), "{$", "}", lookup);
    }

    private static string Replace(string text, string open, string close, Func<string, string?> lookup)
    {
        var start = text.IndexOf(open, StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = text.IndexOf(close, start + open.Length, StringComparison.Ordinal);
            if (end < 0 || end == start + open.Length)
            {
                break;
            }

            var name = text[(start + open.Length)..end];
            var value = lookup(name) ?? string.Empty;
            text = string.Concat(text.AsSpan(0, start), value, text.AsSpan(end + close.Length));
            start = text.IndexOf(open, start + value.Length, StringComparison.Ordinal);
        }

        return text;
    }
}
