using Microsoft.Extensions.Logging;

namespace NodeLocalDns.DnsCache.BaseCorefile;

/// <summary>The base Corefile sync's log lines (event IDs 300-399), in node-cache's words where it has them.</summary>
internal static partial class BaseCorefileLog
{
    [LoggerMessage(300, LogLevel.Information, "Updated Corefile {Path} with {StubDomains} custom stubdomains and upstream servers {Upstreams}")]
    public static partial void Updated(ILogger logger, string path, int stubDomains, string upstreams);

    [LoggerMessage(301, LogLevel.Error, "Keeping the last good Corefile: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(302, LogLevel.Information, "No base Corefile at {Path}: serving -conf as it is")]
    public static partial void NoTemplate(ILogger logger, string path);
}
