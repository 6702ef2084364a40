using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NodeLocalDns.Corefile.Configuration;

/// <summary>
/// Durations as CoreDNS writes them (Go's <c>time.ParseDuration</c>): a sequence of decimal numbers with
/// units <c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, such as <c>30s</c>, <c>1h30m</c>,
/// <c>1.5h</c> or <c>500ms</c>. A bare <c>0</c> is allowed, as in Go.
/// </summary>
public static class GoDuration
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a Go duration.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        var s = text.AsSpan();
        var negative = false;
        if (!s.IsEmpty && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        double ticks = 0;
        while (!s.IsEmpty)
        {
            var n = 0;
            while (n < s.Length && (char.IsAsciiDigit(s[n]) || s[n] == '.'))
            {
                n++;
            }

            if (n == 0 || !double.TryParse(s[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[n..];
            var u = 0;
            while (u < s.Length && !char.IsAsciiDigit(s[u]) && s[u] != '.')
            {
                u++;
            }

            if (!TryUnit(s[..u], out var unitTicks))
            {
                return false;
            }

            s = s[u..];
            ticks += number * unitTicks;
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>Formats like Go prints durations for the common whole values (<c>30s</c>, <c>5m0s</c> is written <c>5m</c>).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return $"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
        }

        var parts = new List<string>();
        if (value.Hours + (value.Days * 24) > 0)
        {
            parts.Add($"{(int)value.TotalHours}h");
        }

        if (value.Minutes > 0)
        {
            parts.Add($"{value.Minutes}m");
        }

        if (value.Seconds > 0)
        {
            parts.Add($"{value.Seconds}s");
        }

        return string.Concat(parts);
    }

    [SuppressMessage("Style", "IDE0066:Convert switch statement to expression", Justification = "Readable table of units.")]
    private static bool TryUnit(ReadOnlySpan<char> unit, out double ticks)
    {
        switch (unit)
        {
            case "ns": ticks = 0.01; return true;
            case "us" or "µs" or "μs": ticks = 10; return true;
            case "ms": ticks = TimeSpan.TicksPerMillisecond; return true;
            case "s": ticks = TimeSpan.TicksPerSecond; return true;
            case "m": ticks = TimeSpan.TicksPerMinute; return true;
            case "h": ticks = TimeSpan.TicksPerHour; return true;
            default: ticks = 0; return false;
        }
    }
}
