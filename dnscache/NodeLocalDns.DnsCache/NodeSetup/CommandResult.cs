namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>How a command ended: its exit code (-1 when it could not be started or timed out) and its output.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Whether the command exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first line of what the command said went wrong, for a one-line log message.</summary>
    public string Problem
    {
        get
        {
            var text = StandardError.Trim().Length > 0 ? StandardError : StandardOutput;
            var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return line ?? $"exit code {ExitCode}";
        }
    }
}
