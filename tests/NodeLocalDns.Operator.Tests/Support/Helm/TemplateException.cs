namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>A chart template the test renderer cannot parse or evaluate (an unknown construct, a missing value).</summary>
internal sealed class TemplateException(string message) : Exception(message);
