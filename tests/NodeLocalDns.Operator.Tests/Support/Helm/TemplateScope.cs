namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>Where a template runs: dot, <c>$</c> (the data its include was given), and the include depth.</summary>
internal sealed record TemplateScope(object? Dot, object? Root, int Depth);
