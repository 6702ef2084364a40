using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Errors;

/// <summary>
/// <c>errors [{ consolidate DURATION REGEXP [LEVEL]; stacktrace }]</c>: log every error response
/// (SERVFAIL, and errors talking to upstreams). Consolidation rules turn a burst of matching errors into
/// one line per period.
/// </summary>
public sealed record ErrorsOptions(ValueList<ErrorConsolidation> Consolidate)
{
    /// <summary>Plain <c>errors</c>.</summary>
    public static ErrorsOptions Default { get; } = new(ValueList<ErrorConsolidation>.Empty);
}
