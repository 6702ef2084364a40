using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Errors;

/// <summary>Parses <c>errors</c> (CoreDNS plugin/errors/setup.go).</summary>
internal static class ErrorsSetup
{
    private const string Syntax = "errors [{ consolidate DURATION REGEXP [warning|error|info|debug]; stacktrace }]";

    public static ErrorsOptions Parse(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 0, Syntax);
        var rules = new List<ErrorConsolidation>();
        foreach (var child in directive.Children)
        {
            switch (child.Name.Value)
            {
                case "consolidate":
                    DirectiveArgs.Count(child, 2, 3, "consolidate DURATION REGEXP [LEVEL]");
                    var period = DirectiveArgs.Duration(child.Args[0], "consolidate period", TimeSpan.FromTicks(1));
                    DirectiveArgs.Regex(child.Args[1]);
                    var level = child.Args.Count == 3 ? child.Args[2].Value : "error";
                    if (level is not ("warning" or "error" or "info" or "debug"))
                    {
                        throw DirectiveArgs.Error(child.Args[2], $"log level '{level}' is unknown; use warning, error, info or debug.");
                    }

                    rules.Add(new ErrorConsolidation(period, child.Args[1].Value, level));
                    break;
                case "stacktrace":
                    DirectiveArgs.Count(child, 0, 0, "stacktrace");
                    break;
                default:
                    throw DirectiveArgs.Error(child, $"'{child.Name.Value}' is not an option of errors; use consolidate or stacktrace.");
            }
        }

        return rules.Count == 0 ? ErrorsOptions.Default : new ErrorsOptions(new ValueList<ErrorConsolidation>(rules));
    }
}
