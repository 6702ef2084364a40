namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>How <c>metadata.name</c> is validated for a kind (k8s.io/apimachinery/pkg/api/validation/path and IsDNS1123*).</summary>
internal enum NameRule
{
    /// <summary>RFC 1123 subdomain: most kinds (ConfigMaps, Deployments, custom resources, ...).</summary>
    Subdomain,

    /// <summary>RFC 1123 label: Namespaces.</summary>
    Label,

    /// <summary>RFC 1035 label (must start with a letter): Services.</summary>
    Rfc1035Label,

    /// <summary>Only a valid path segment: RBAC objects (e.g. <c>system:controller:foo</c>).</summary>
    PathSegment,
}
