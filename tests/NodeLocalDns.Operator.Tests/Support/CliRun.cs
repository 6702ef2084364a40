using System.CommandLine;
using NodeLocalDns.Operator.Cli;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>Runs the command line in process, with captured streams.</summary>
internal static class CliRun
{
    public static (int Exit, string Out, string Error) InProcess(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(new StringReader(stdin), output, error);
        // Usage errors are System.CommandLine's own output; send them to the captured streams too.
        var exit = CommandLineApp.Build(console).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
