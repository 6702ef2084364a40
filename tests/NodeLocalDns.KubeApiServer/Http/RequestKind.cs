namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>Which endpoint family a path belongs to.</summary>
internal enum RequestKind
{
    NotFound,
    Version,
    Health,
    CoreApiVersions,
    ApiGroupList,
    ApiGroup,
    ApiResourceList,
    OpenApiV3Index,
    OpenApiV3GroupVersion,
    Resource,
}
