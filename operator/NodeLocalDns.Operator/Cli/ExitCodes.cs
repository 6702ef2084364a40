namespace NodeLocalDns.Operator.Cli;

/// <summary>Exit codes of the command line, stable for pipelines.</summary>
internal static class ExitCodes
{
    /// <summary>The input was read (warnings allowed) and the output printed.</summary>
    public const int Success = 0;

    /// <summary>The command line itself was wrong (System.CommandLine's own code).</summary>
    public const int Usage = 1;

    /// <summary>
    /// An input could not be read or parsed, CoreDNS would refuse to load it (or no Corefile was given), or settings
    /// cannot work; a located message is on stderr.
    /// </summary>
    public const int InvalidInput = 2;
}
