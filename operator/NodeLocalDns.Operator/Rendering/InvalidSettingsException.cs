namespace NodeLocalDns.Operator.Rendering;

/// <summary>Rendering settings that cannot produce a working Corefile; the message lists every problem.</summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> problems)
    : Exception("the node-cache settings are not usable: " + string.Join(" ", problems))
{
    /// <summary>Each problem as a sentence.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
