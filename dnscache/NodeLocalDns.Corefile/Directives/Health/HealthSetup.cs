using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Health;

/// <summary>Parses <c>health [ADDRESS] [{ lameduck DURATION }]</c> (CoreDNS plugin/health/setup.go).</summary>
internal static class HealthSetup
{
    public static HealthOptions Parse(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 1, "health [ADDRESS]");
        var address = directive.Args.Count > 0 ? DirectiveArgs.HttpAddress(directive.Args[0], "health") : new HttpListenAddress(null, 8080);
        var lameduck = TimeSpan.Zero;
        foreach (var child in directive.Children)
        {
            if (child.Name.Value != "lameduck")
            {
                throw DirectiveArgs.Error(child, $"'{child.Name.Value}' is not an option of health; use lameduck DURATION.");
            }

            DirectiveArgs.Count(child, 1, 1, "lameduck DURATION");
            lameduck = DirectiveArgs.Duration(child.Args[0], "lameduck", TimeSpan.Zero);
        }

        return new HealthOptions(address, lameduck);
    }
}
