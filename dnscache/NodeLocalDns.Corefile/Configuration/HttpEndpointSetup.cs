using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Configuration;

/// <summary>Parses <c>health</c>, <c>ready</c> and <c>prometheus</c>, which all take one optional listen address.</summary>
internal static class HttpEndpointSetup
{
    public static HealthOptions ParseHealth(Directive directive)
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

    public static ReadyOptions ParseReady(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 1, "ready [ADDRESS]");
        DirectiveArgs.NoBlock(directive);
        return new ReadyOptions(directive.Args.Count > 0 ? DirectiveArgs.HttpAddress(directive.Args[0], "ready") : new HttpListenAddress(null, 8181));
    }

    public static PrometheusOptions ParsePrometheus(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 1, "prometheus [ADDRESS]");
        DirectiveArgs.NoBlock(directive);
        return new PrometheusOptions(directive.Args.Count > 0
            ? DirectiveArgs.HttpAddress(directive.Args[0], "prometheus")
            : new HttpListenAddress("localhost", 9153));
    }

    public static LoopOptions ParseLoop(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 0, "loop");
        DirectiveArgs.NoBlock(directive);
        return LoopOptions.Default;
    }
}
