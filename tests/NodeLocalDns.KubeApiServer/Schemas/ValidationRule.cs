namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>One <c>x-kubernetes-validations</c> entry: a CEL rule and what the API server says when it fails.</summary>
/// <param name="Rule">The CEL expression; <c>self</c> is the value at the rule's place, <c>oldSelf</c> the stored one.</param>
/// <param name="Message">The message, or null for "failed rule: RULE".</param>
/// <param name="Reason">FieldValueInvalid (default), FieldValueForbidden, FieldValueRequired or FieldValueDuplicate.</param>
/// <param name="FieldPath">A path relative to the rule's place that the error names instead of the place itself.</param>
internal sealed record ValidationRule(string Rule, string? Message, string? Reason, string? FieldPath)
{
    /// <summary>A transition rule (it reads <c>oldSelf</c>) runs only on updates where the old value exists.</summary>
    public bool IsTransitionRule => Rule.Contains("oldSelf", StringComparison.Ordinal);

    /// <summary>What error messages call the rule: its message, else the rule itself (apiextensions' ruleErrorString).</summary>
    public string ErrorString => string.IsNullOrWhiteSpace(Message) ? Rule.Trim() : Message.Trim();
}
