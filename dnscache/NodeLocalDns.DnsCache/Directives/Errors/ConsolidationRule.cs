using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Directives.Errors;

namespace NodeLocalDns.DnsCache.Directives.Errors;

/// <summary>One <c>errors { consolidate }</c> rule with the count of errors it swallowed since its last report.</summary>
internal sealed class ConsolidationRule(Regex pattern, ErrorConsolidation options)
{
    private long _count;

    public Regex Pattern { get; } = pattern;

    public ErrorConsolidation Options { get; } = options;

    public LogLevel Level { get; } = ErrorReporter.ToLevel(options.Level);

    public string PeriodText { get; } = GoDuration.Format(options.Period);

    public void Count() => Interlocked.Increment(ref _count);

    /// <summary>The count since the last call, resetting it.</summary>
    public long TakeCount() => Interlocked.Exchange(ref _count, 0);
}
