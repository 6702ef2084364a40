namespace NodeLocalDns.Operator.Api.Schema;

/// <summary>
/// A CEL rule (<c>x-kubernetes-validations</c>) checked by the API server for the annotated type, for
/// constraints that tie one field to another (Kubernetes 1.25+).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class ValidationRuleAttribute(string rule, string message) : Attribute
{
    /// <summary>The CEL expression; <c>self</c> is the annotated object.</summary>
    public string Rule { get; } = rule;

    /// <summary>What the API server says when the rule fails.</summary>
    public string Message { get; } = message;
}
