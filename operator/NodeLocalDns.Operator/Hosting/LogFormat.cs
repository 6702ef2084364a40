namespace NodeLocalDns.Operator.Hosting;

/// <summary>How <c>nodelocal-operator run</c> writes its logs (<c>--log-format</c>).</summary>
public enum LogFormat
{
    /// <summary>One line of text per entry, with a UTC timestamp.</summary>
    Text,

    /// <summary>One JSON object per line (timestamp, level, category, event id, message, state, scopes), for log collectors.</summary>
    Json,
}
