using NodeLocalDns.KubeApiServer.Selectors;

namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>The query parameters of a list (and, for the selectors and versions, of a watch).</summary>
internal sealed record ListOptions(
    LabelSelector Labels,
    FieldSelector Fields,
    string? ResourceVersion,
    string? ResourceVersionMatch,
    int? Limit,
    string? Continue);
