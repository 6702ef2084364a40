using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Log;

/// <summary>
/// <c>log [NAMES...] [FORMAT] [{ class CLASSES... }]</c>: one line per query. <see cref="Names"/> limits
/// logging to names in those zones (empty: all); <see cref="Classes"/> are <c>all</c>, <c>success</c>,
/// <c>denial</c> and <c>error</c>.
/// </summary>
public sealed record LogOptions(ValueList<string> Names, string? Format, ValueList<string> Classes)
{
    /// <summary>Plain <c>log</c>: every query, every class.</summary>
    public static LogOptions Default { get; } = new(ValueList<string>.Empty, null, ValueList<string>.Of("all"));
}
