using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Log;

/// <summary>Parses <c>log</c> (CoreDNS plugin/log/setup.go).</summary>
internal static class LogSetup
{
    private static readonly string[] KnownClasses = ["all", "success", "denial", "error"];

    public static LogOptions Parse(Directive directive)
    {
        var names = new List<string>();
        string? format = null;
        foreach (var arg in directive.Args)
        {
            // CoreDNS: an argument with a '{' is the format (e.g. "{common}" or "{remote} {name}").
            if (arg.Value.Contains('{', StringComparison.Ordinal))
            {
                if (format is not null)
                {
                    throw DirectiveArgs.Error(arg, "log takes one format; put the whole format in one quoted argument.");
                }

                format = arg.Value;
            }
            else if (format is not null)
            {
                throw DirectiveArgs.Error(arg, "log names must come before the format.");
            }
            else
            {
                names.AddRange(DirectiveArgs.Zones(arg));
            }
        }

        var classes = new List<string>();
        foreach (var child in directive.Children)
        {
            if (child.Name.Value != "class")
            {
                throw DirectiveArgs.Error(child, $"'{child.Name.Value}' is not an option of log; use class.");
            }

            DirectiveArgs.Count(child, 1, int.MaxValue, "class all|success|denial|error...");
            foreach (var c in child.Args)
            {
                if (!KnownClasses.Contains(c.Value.ToLowerInvariant()))
                {
                    throw DirectiveArgs.Error(c, $"log class '{c.Value}' is unknown; use all, success, denial or error.");
                }

                classes.Add(c.Value.ToLowerInvariant());
            }
        }

        return new LogOptions(
            new ValueList<string>(names),
            format,
            classes.Count == 0 ? ValueList<string>.Of("all") : new ValueList<string>(classes));
    }
}
