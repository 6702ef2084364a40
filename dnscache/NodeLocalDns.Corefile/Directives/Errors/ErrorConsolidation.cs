namespace NodeLocalDns.Corefile.Directives.Errors;

/// <summary>One <c>consolidate DURATION REGEXP [LEVEL]</c> rule of <c>errors</c>.</summary>
public sealed record ErrorConsolidation(TimeSpan Period, string Pattern, string Level);
