using System.Net;
using Microsoft.Extensions.Logging;

namespace NodeLocalDns.DnsCache.Observability;

/// <summary>Every log line the daemon writes, source-generated with stable event IDs.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(1, LogLevel.Information, "dnscache listening on {Endpoint}/{Protocol} for {Zones}")]
    public static partial void Listening(ILogger logger, EndPoint endpoint, string protocol, string zones);

    [LoggerMessage(2, LogLevel.Error, "[ERROR] plugin/errors: {Rcode} {Name} {Type}: {Reason}")]
    public static partial void QueryError(ILogger logger, byte rcode, string name, string type, string reason);

    [LoggerMessage(5, LogLevel.Warning, "plugin/forward: health check of {Upstream} failed ({Failures} in a row)")]
    public static partial void HealthCheckFailed(ILogger logger, IPEndPoint upstream, int failures);

    [LoggerMessage(6, LogLevel.Information, "plugin/forward: upstream {Upstream} is healthy again")]
    public static partial void UpstreamHealthy(ILogger logger, IPEndPoint upstream);

    [LoggerMessage(7, LogLevel.Information, "plugin/reload: running configuration SHA512 = {Hash}")]
    public static partial void Reloaded(ILogger logger, string hash);

    [LoggerMessage(8, LogLevel.Error, "plugin/reload: the new Corefile is invalid, keeping the running configuration: {Reason}")]
    public static partial void ReloadFailed(ILogger logger, string reason);

    [LoggerMessage(9, LogLevel.Critical,
        "plugin/loop: Loop ({Listen} -> {Upstream}) detected for zone \"{Zone}\", " +
        "see https://coredns.io/plugins/loop#troubleshooting. Query: \"HINFO {Name}\"")]
    public static partial void LoopDetected(ILogger logger, string listen, string upstream, string zone, string name);

    [LoggerMessage(10, LogLevel.Error, "unexpected error handling a query")]
    public static partial void HandlerCrashed(ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "plugin/hosts: cannot read {Path}: {Reason}")]
    public static partial void HostsUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(12, LogLevel.Information, "{Endpoint} serving {Paths}")]
    public static partial void HttpListening(ILogger logger, EndPoint endpoint, string paths);

    [LoggerMessage(14, LogLevel.Information, "dnscache stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(16, LogLevel.Information, "{Line}")]
    public static partial void QueryFormatted(ILogger logger, string line);

    [LoggerMessage(EventId = 15, Message = "[ERROR] plugin/errors: {Count} errors like '{Pattern}' occurred in last {Period}")]
    public static partial void ConsolidatedErrors(ILogger logger, LogLevel level, long count, string pattern, string period);

    [LoggerMessage(17, LogLevel.Warning, "{Endpoint} for {Paths} not bound yet ({Reason}); retrying every second, DNS is served meanwhile")]
    public static partial void HttpBindWaiting(ILogger logger, EndPoint endpoint, string paths, string reason);

    [LoggerMessage(18, LogLevel.Warning, "exec probes cannot reach this process: probe socket {Path} unavailable ({Reason})")]
    public static partial void ProbeSocketUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(19, LogLevel.Error, "[ERROR] plugin/errors: {Count} more errors not logged in the last 1s (at most {Limit} lines a second)")]
    public static partial void ErrorsSuppressed(ILogger logger, long count, int limit);

    [LoggerMessage(20, LogLevel.Warning, "TCP connection cap of {Cap} reached: closed the idlest connection ({Evicted} since start)")]
    public static partial void TcpConnectionEvicted(ILogger logger, int cap, long evicted);
}
