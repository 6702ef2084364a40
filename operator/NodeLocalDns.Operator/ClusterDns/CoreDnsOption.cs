namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>An option in a plugin's block, with the releases that added or removed it when that matters for a verdict.</summary>
/// <param name="Since">The first release that accepts it, when known.</param>
/// <param name="RemovedIn">The release from which <c>setup.go</c> refuses it.</param>
/// <param name="Advice">What to do instead, told with <paramref name="RemovedIn"/>.</param>
internal sealed record CoreDnsOption(CoreDnsVersion? Since = null, CoreDnsVersion? RemovedIn = null, string? Advice = null)
{
    /// <summary>An option every release checked here accepts.</summary>
    public static CoreDnsOption Always { get; } = new();

    /// <summary>Whether <paramref name="version"/> accepts it.</summary>
    public bool AcceptedBy(CoreDnsVersion version) =>
        (Since is null || version.AtLeast(Since)) && (RemovedIn is null || !version.AtLeast(RemovedIn));
}
