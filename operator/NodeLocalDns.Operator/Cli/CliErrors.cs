using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Cli;

/// <summary>How the commands report what CoreDNS would refuse: each error on stderr, located like a syntax error, and exit code 2.</summary>
internal static class CliErrors
{
    /// <summary>Writes <paramref name="config"/>'s errors to stderr; the exit code for them.</summary>
    public static int Report(CliConsole console, ClusterDnsConfig config)
    {
        foreach (var error in config.Errors)
        {
            console.Error.WriteLine($"{error.Source}: {error.Message}");
        }

        return config.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
