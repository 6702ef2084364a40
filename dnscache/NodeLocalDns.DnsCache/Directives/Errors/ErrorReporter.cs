using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Directives.Errors;
using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.Directives.Errors;

/// <summary>
/// The <c>errors</c> directive (CoreDNS plugin/errors): logs each error, except those matching a
/// <c>consolidate</c> rule, which are counted and logged once per period as
/// <c>N errors like '...' occurred in last DURATION</c>, so an upstream outage does not flood the log.
/// </summary>
internal sealed class ErrorReporter : IDisposable
{
    private readonly ILogger _logger;
    private readonly ConsolidationRule[] _rules;
    private readonly List<ITimer> _timers = [];

    public ErrorReporter(ErrorsOptions options, TimeProvider time, ILogger logger)
    {
        _logger = logger;
        _rules = [.. options.Consolidate.Select(c => new ConsolidationRule(new Regex(c.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), c))];
        foreach (var rule in _rules)
        {
            _timers.Add(time.CreateTimer(_ => Flush(rule), null, rule.Options.Period, rule.Options.Period));
        }
    }

    public void Report(string rcode, string name, string type, string reason)
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

        LogMessages.QueryError(_logger, rcode, name, type, reason);
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
