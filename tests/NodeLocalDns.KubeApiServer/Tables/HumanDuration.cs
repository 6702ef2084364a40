namespace NodeLocalDns.KubeApiServer.Tables;

/// <summary>The age format of kubectl's AGE column (k8s.io/apimachinery/pkg/util/duration.HumanDuration).</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }

        var minutes = (long)duration.TotalMinutes;
        if (minutes < 10)
        {
            var remainder = seconds % 60;
            return remainder == 0 ? $"{minutes}m" : $"{minutes}m{remainder}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }

        var hours = (long)duration.TotalHours;
        if (hours < 8)
        {
            var remainder = minutes % 60;
            return remainder == 0 ? $"{hours}h" : $"{hours}h{remainder}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            var remainder = hours % 24;
            return remainder == 0 ? $"{hours / 24}d" : $"{hours / 24}d{remainder}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{days}d";
        }

        return $"{hours / 24 / 365}y";
    }
}
