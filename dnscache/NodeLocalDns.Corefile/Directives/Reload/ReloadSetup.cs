using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Reload;

/// <summary>Parses <c>reload</c> (CoreDNS plugin/reload/setup.go: interval ≥ 2 s, jitter ≥ 1 s and at most half the interval).</summary>
internal static class ReloadSetup
{
    public static ReloadOptions Parse(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 2, "reload [INTERVAL] [JITTER]");
        DirectiveArgs.NoBlock(directive);
        var interval = directive.Args.Count > 0
            ? DirectiveArgs.Duration(directive.Args[0], "reload interval", TimeSpan.FromSeconds(2))
            : ReloadOptions.Default.Interval;
        var jitter = directive.Args.Count > 1
            ? DirectiveArgs.Duration(directive.Args[1], "reload jitter", TimeSpan.FromSeconds(1))
            : ReloadOptions.Default.Jitter;
        if (directive.Args.Count < 2 && jitter > interval / 2)
        {
            jitter = interval / 2;
        }

        if (jitter > interval / 2)
        {
            throw DirectiveArgs.Error(
                directive.Args[1],
                $"reload jitter {directive.Args[1].Value} is more than half the interval; " +
                $"make it at most {GoDuration.Format(interval / 2)}.");
        }

        return new ReloadOptions(interval, jitter);
    }
}
