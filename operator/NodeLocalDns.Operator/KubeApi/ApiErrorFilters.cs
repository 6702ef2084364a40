using System.Net;
using k8s.Autorest;

namespace NodeLocalDns.Operator.KubeApi;

/// <summary>Exception filters for API answers the operator handles as outcomes rather than failures.</summary>
public static class ApiErrorFilters
{
    /// <summary>404: the object does not exist.</summary>
    public static bool IsNotFound(Exception e) => Status(e) == HttpStatusCode.NotFound;

    /// <summary>409 on create: it exists already (an informer store behind the API server).</summary>
    public static bool IsAlreadyExistsOrConflict(Exception e) => Status(e) == HttpStatusCode.Conflict;

    private static HttpStatusCode? Status(Exception e) => e is HttpOperationException http ? http.Response?.StatusCode : null;
}
