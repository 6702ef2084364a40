namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// What CoreDNS's build knows about one directive: when it entered or left the build, whether its <c>setup.go</c>
/// refuses a second instance in a server block (<c>plugin.ErrOnce</c>), and the options its block accepts.
/// </summary>
/// <param name="Name">The directive, as in <c>plugin.cfg</c>.</param>
internal sealed record CoreDnsPlugin(string Name)
{
    /// <summary>The first release whose build has it, when known; <c>null</c> when it is older than anything checked here.</summary>
    public CoreDnsVersion? Since { get; init; }

    /// <summary>The release that dropped it from the build; from then on it is an unknown directive.</summary>
    public CoreDnsVersion? RemovedIn { get; init; }

    /// <summary>What to use instead, told with <see cref="RemovedIn"/>.</summary>
    public string? Replacement { get; init; }

    /// <summary>True when <c>setup.go</c> returns <c>plugin.ErrOnce</c> for a second instance in one server block.</summary>
    public bool Once { get; init; }

    /// <summary>The release from which several instances are allowed after all (<c>forward</c>: 1.9.4).</summary>
    public CoreDnsVersion? SeveralSince { get; init; }

    /// <summary>The options its block accepts, with their history; <c>null</c> when the block is not checked here.</summary>
    public IReadOnlyDictionary<string, CoreDnsOption>? Options { get; init; }

    /// <summary>How <c>setup.go</c> words an option it does not know; <c>{0}</c> is the option.</summary>
    public string UnknownOptionWords { get; init; } = "unknown property '{0}'";

    /// <summary>Whether <paramref name="version"/>'s build has this directive.</summary>
    public bool InBuild(CoreDnsVersion version) =>
        (Since is null || version.AtLeast(Since)) && (RemovedIn is null || !version.AtLeast(RemovedIn));

    /// <summary>Whether <paramref name="version"/> refuses a second instance in one server block.</summary>
    public bool OnceIn(CoreDnsVersion version) => Once && (SeveralSince is null || !version.AtLeast(SeveralSince));
}
