using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Directives.Errors;
using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Errors;

/// <summary>
/// The <c>errors</c> directive (CoreDNS plugin/errors): logs each error as CoreDNS does (<c>RCODE NAME TYPE: ERROR</c>,
/// the rcode as a number), except those matching a <c>consolidate</c> rule, which are counted and logged once per
/// period as <c>N errors like '...' occurred in last DURATION</c>. Past <see cref="LinesPerSecond"/> lines a second
/// the rest are counted and the count logged once a second, so an upstream outage under load (thousands of
/// failures a second) does not flood the node's log.
/// </summary>
internal sealed class ErrorReporter : IDisposable
{
    private readonly ILogger _logger;
    private readonly ConsolidationRule[] _rules;
    private readonly List<ITimer> _timers = [];
    private int _budget = LinesPerSecond;
    private long _suppressed;

    /// <summary>The most error lines logged in one second; the rest are counted.</summary>
    public const int LinesPerSecond = 10;

    public ErrorReporter(ErrorsOptions options, TimeProvider time, ILogger logger)
    {
        _timers.Add(time.CreateTimer(_ => NextSecond(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        _logger = logger;
        _rules = [.. options.Consolidate.Select(c =>
            new ConsolidationRule(new Regex(c.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), c))];
        foreach (var rule in _rules)
        {
            _timers.Add(time.CreateTimer(_ => Flush(rule), null, rule.Options.Period, rule.Options.Period));
        }
    }

    /// <summary>Reports an error answering <paramref name="name"/> (lower case, escaped, with its dot).</summary>
    public void Report(byte rcode, string name, string type, string reason)
    {
        var line = $"{rcode} {name} {type}: {reason}";
        foreach (var rule in _rules)
        {
            if (rule.Pattern.IsMatch(line))
            {
                rule.Count();
                return;
            }
        }

        if (Interlocked.Decrement(ref _budget) < 0)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }

        LogMessages.QueryError(_logger, rcode, name, type, reason);
    }

    private void NextSecond()
    {
        Volatile.Write(ref _budget, LinesPerSecond);
        var suppressed = Interlocked.Exchange(ref _suppressed, 0);
        if (suppressed > 0)
        {
            LogMessages.ErrorsSuppressed(_logger, suppressed, LinesPerSecond);
        }
    }

    private void Flush(ConsolidationRule rule)
    {
        var count = rule.TakeCount();
        if (count > 0 && _logger.IsEnabled(rule.Level))
        {
            LogMessages.ConsolidatedErrors(_logger, rule.Level, count, rule.Options.Pattern, rule.PeriodText);
        }
    }

    internal static LogLevel ToLevel(string level) => level switch
    {
        "warning" => LogLevel.Warning,
        "info" => LogLevel.Information,
        "debug" => LogLevel.Debug,
        _ => LogLevel.Error,
    };

    public void Dispose()
    {
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }
    }
}
