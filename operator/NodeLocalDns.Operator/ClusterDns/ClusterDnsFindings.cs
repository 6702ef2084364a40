using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Operator.ClusterDns;

/// <summary>
/// What the readers collect, in the order of precedence they find it; <see cref="ClusterDnsReader"/>
/// turns it into a sorted, de-duplicated <see cref="ClusterDnsConfig"/>. Zones are stored normalized
/// (lower case, trailing dot) so that duplicates are found whatever their spelling.
/// </summary>
internal sealed class ClusterDnsFindings
{
    public List<(string Zone, string Source)> ClusterDomains { get; } = [];

    public List<(string Zone, string Source)> ReverseZones { get; } = [];

    /// <summary>Zones the kubernetes plugin names that are placeholders (<c>&lt;domain&gt;</c>), so not a cluster domain.</summary>
    public List<string> PlaceholderClusterDomains { get; } = [];

    public List<string> RootUpstreams { get; } = [];

    public List<StubDomain> StubDomains { get; } = [];

    public List<ClusterDnsRoute> Routes { get; } = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    public void Info(string code, string message, string source) => Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, code, message, source));

    public void Warn(string code, string message, string source) => Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, source));

    public void Error(string code, string message, string source) => Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, source));

    /// <summary>Tokens the validator already explained (refused by CoreDNS, or unknowable here), so the reader does not report them again.</summary>
    public HashSet<SourcePosition> Reported { get; } = [];

    /// <summary>Forward directives that never receive a query (an earlier forward in the block takes their names), by position.</summary>
    public HashSet<SourcePosition> UnreachedForwards { get; } = [];

    /// <summary>An error located at a token: something CoreDNS refuses to load, said with its own words where it has them.</summary>
    public void Refuse(string code, SourcePosition position, string message)
    {
        Reported.Add(position);
        Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, position.ToString()) { Position = position });
    }

    /// <summary>A warning located at a token (its source is <c>file:line</c>, as for every warning).</summary>
    public void Warn(string code, string message, SourcePosition position)
    {
        Reported.Add(position);
        Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, $"{position.File}:{position.Line}") { Position = position });
    }

    /// <summary>Adds a route to cluster DNS for <paramref name="zone"/> (any spelling) unless it is already there.</summary>
    public void Route(string zone, string reason, string source)
    {
        if (!ZoneNames.TryNormalize(zone, out var normalized, out _) || normalized == ZoneNames.Root)
        {
            return;
        }

        var display = ZoneNames.ToDisplay(normalized);
        if (Routes.All(r => r.Zone != display))
        {
            Routes.Add(new ClusterDnsRoute(display, reason, source));
        }
    }
}
