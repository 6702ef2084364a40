namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>
/// One permission a rendered chart grants the operator's ServiceAccount: a verb on a resource (<c>resource</c> or
/// <c>resource/subresource</c>) of an API group, in one namespace (a Role) or every one (a ClusterRole, <c>Namespace</c>
/// null), optionally limited to one object name.
/// </summary>
internal sealed record RbacGrant(string? Namespace, string Group, string Resource, string Verb, string? ResourceName)
{
    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}{(ResourceName is null ? string.Empty : "/" + ResourceName)} " +
        $"{(Namespace is null ? "(cluster-wide)" : "in " + Namespace)}";
}
