using k8s.Models;

namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>RBAC's rule matching (rbac/v1 PolicyRule semantics, as the authorizer applies them to a resource request).</summary>
internal static class PolicyRules
{
    /// <summary>
    /// Whether any rule allows <paramref name="verb"/> on <paramref name="resource"/> in <paramref name="group"/>. A rule with
    /// resourceNames matches only a request that names one of them (never a create, list or watch without a name).
    /// </summary>
    public static bool Allows(IEnumerable<V1PolicyRule> rules, string group, string resource, string verb, string? name = null) =>
        rules.Any(rule =>
            Matches(rule.ApiGroups, group)
            && Matches(rule.Resources, resource)
            && Matches(rule.Verbs, verb)
            && (rule.ResourceNames is not { Count: > 0 } names || (name is not null && names.Contains(name))));

    private static bool Matches(IList<string>? allowed, string value) =>
        allowed is not null && (allowed.Contains("*") || allowed.Contains(value));
}
