using Microsoft.Extensions.Logging;

namespace NodeLocalDns.Controllers.Resilience;

/// <summary>
/// The API retry pipeline's log lines, source-generated with stable event IDs 160-169.
/// </summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(160, LogLevel.Warning, "API call failed (HTTP {StatusCode}: {Reason}); attempt {Attempt} in {Delay}")]
    public static partial void ApiRetry(ILogger logger, int attempt, TimeSpan delay, int? statusCode, string reason);
}
