using k8s.Models;
using NodeLocalDns.KubeApiServer;

namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>
/// What rendered RBAC objects grant one ServiceAccount, rule by rule, with the authorizer's matching (rbac/v1): a
/// ClusterRole bound by a ClusterRoleBinding applies in every namespace, a Role bound in its namespace only there, and a
/// rule with resourceNames only to requests that name one of them (never a create, list or watch).
/// </summary>
internal sealed class RbacGrants
{
    private RbacGrants(IReadOnlyList<RbacGrant> all) => All = all;

    public IReadOnlyList<RbacGrant> All { get; }

    /// <summary>The grants of <paramref name="serviceAccount"/> in <paramref name="serviceAccountNamespace"/> among <paramref name="objects"/>.</summary>
    public static RbacGrants For(IEnumerable<object> objects, string serviceAccountNamespace, string serviceAccount)
    {
        var list = objects.ToList();
        bool Binds(IEnumerable<Rbacv1Subject>? subjects) =>
            subjects?.Any(s => s.Kind == "ServiceAccount" && s.Name == serviceAccount && s.NamespaceProperty == serviceAccountNamespace) == true;

        var grants = new List<RbacGrant>();
        foreach (var binding in list.OfType<V1ClusterRoleBinding>().Where(b => Binds(b.Subjects)))
        {
            var role = list.OfType<V1ClusterRole>().Single(r => r.Metadata.Name == binding.RoleRef.Name);
            grants.AddRange(Expand(null, role.Rules));
        }

        foreach (var binding in list.OfType<V1RoleBinding>().Where(b => Binds(b.Subjects)))
        {
            var role = list.OfType<V1Role>()
                .Single(r => r.Metadata.Name == binding.RoleRef.Name && r.Metadata.NamespaceProperty == binding.Metadata.NamespaceProperty);
            grants.AddRange(Expand(binding.Metadata.NamespaceProperty, role.Rules));
        }

        return new RbacGrants(grants);
    }

    /// <summary>Whether some grant allows <paramref name="request"/>.</summary>
    public bool Allows(ApiRequestInfo request) => All.Any(grant => Matches(grant, request));

    /// <summary>Whether <paramref name="grant"/> allows <paramref name="request"/>.</summary>
    public static bool Matches(RbacGrant grant, ApiRequestInfo request) =>
        (grant.Namespace is null || grant.Namespace == request.Namespace)
        && grant.Group == (request.Group ?? string.Empty)
        && grant.Resource == request.ResourcePath
        && grant.Verb == request.Verb
        && (grant.ResourceName is null || (request.Name == grant.ResourceName && request.Verb is not ("create" or "list" or "watch" or "deletecollection")));

    private static IEnumerable<RbacGrant> Expand(string? ns, IEnumerable<V1PolicyRule>? rules) =>
        from rule in rules ?? []
        from @group in rule.ApiGroups ?? []
        from resource in rule.Resources ?? []
        from verb in rule.Verbs ?? []
        from name in rule.ResourceNames is { Count: > 0 } names ? names.Select(n => (string?)n) : [null]
        select new RbacGrant(ns, @group, resource, verb, name);
}
