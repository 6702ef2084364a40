namespace NodeLocalDns.Operator.Cli;

/// <summary>The streams a command uses, so tests can run commands in process as well as in a child process.</summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>The process's own streams.</summary>
    public static CliConsole System { get; } = new(Console.In, Console.Out, Console.Error);
}
