namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>One RBAC permission: a verb on a resource (<c>resource</c> or <c>resource/subresource</c>) of an API group ("" for core).</summary>
public sealed record ApiPermission(string Group, string Resource, string Verb)
{
    public override string ToString() => $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}";
}
