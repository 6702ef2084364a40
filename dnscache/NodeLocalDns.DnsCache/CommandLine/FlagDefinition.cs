namespace NodeLocalDns.DnsCache.CommandLine;

/// <summary>
/// One flag of a Go-style flag set: its names (without dashes), whether it is a boolean (which takes its
/// value only as <c>-name=false</c>, as Go's <c>flag</c> package), the value shown in the usage text, and
/// how a value is applied. <see cref="Apply"/> returns null on success and the reason otherwise.
/// </summary>
internal sealed record FlagDefinition(string[] Names, bool IsBool, string ValueName, string Default, string Usage, Func<string, string?> Apply)
{
    /// <summary>The first name, as written in messages.</summary>
    public string Name => Names[0];
}
