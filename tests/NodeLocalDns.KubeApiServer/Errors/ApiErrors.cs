using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Errors;

/// <summary>
/// Factories for the errors of k8s.io/apimachinery/pkg/api/errors, with the same codes, reasons, messages and
/// details, so clients that switch on <c>reason</c> (client-go's IsNotFound, IsConflict, ...) behave as in a cluster.
/// </summary>
internal static class ApiErrors
{
    /// <summary>404 for a named object; the message qualifies the resource with its group (<c>deployments.apps "x" not found</c>).</summary>
    public static ApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{Qualified(group, resource)} \"{name}\" not found", Details(group, resource, name));

    public static ApiException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(group, resource)} \"{name}\" already exists", Details(group, resource, name));

    public static ApiException Conflict(string group, string resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(group, resource)} \"{name}\": {why}", Details(group, resource, name));

    public const string ModifiedConflictMessage = "the object has been modified; please apply your changes to the latest version and try again";

    /// <summary>422 Invalid: the message lists every cause as the apiserver's field.ErrorList does.</summary>
    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<StatusCause> causes)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        var causeArray = new JsonArray();
        foreach (var cause in causes)
        {
            var item = new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message };
            if (cause.Field is not null)
            {
                item["field"] = cause.Field;
            }

            causeArray.Add(item);
        }

        details["causes"] = causeArray;
        var qualifiedKind = group.Length > 0 ? $"{kind}.{group}" : kind;
        var summary = causes.Count == 1
            ? Describe(causes[0])
            : "[" + string.Join(", ", causes.Select(Describe)) + "]";
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {summary}", details);
    }

    public static StatusCause Required(string field, string detail) =>
        new("FieldValueRequired", "Required value: " + detail, field);

    public static StatusCause InvalidValue(string field, string value, string detail) =>
        new("FieldValueInvalid", $"Invalid value: \"{value}\": {detail}", field);

    /// <summary>An invalid field whose value is too large to quote (lists, objects).</summary>
    public static StatusCause InvalidField(string field, string detail) => new("FieldValueInvalid", detail, field);

    public static StatusCause Forbidden(string field, string detail) =>
        new("FieldValueForbidden", "Forbidden: " + detail, field);

    public static StatusCause Duplicate(string field, string value) =>
        new("FieldValueDuplicate", $"Duplicate value: \"{value}\"", field);

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static ApiException NotAcceptable(string message) => new(406, "NotAcceptable", message);

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "UnexpectedServerResponse", ["message"] = contentType }) });

    /// <summary>410 Expired: a resourceVersion older than the history kept (the apiserver's "too old resource version").</summary>
    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Forbidden(string group, string resource, string name, string why) =>
        new(403, "Forbidden", $"{Qualified(group, resource)} \"{name}\" is forbidden: {why}", Details(group, resource, name));

    public static ApiException ResourceVersionTooLarge(long requested, long current) =>
        new(504, "Timeout", $"Too large resource version: {requested}, current: {current}",
            new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
                ["retryAfterSeconds"] = 1,
            })
        { RetryAfterSeconds = 1 };

    public static ApiException NotFoundPath() => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    /// <summary>The generic error for an HTTP code, as the apiserver produces for injected or unexpected failures.</summary>
    public static ApiException ForCode(int code, string? message = null) => code switch
    {
        400 => BadRequest(message ?? "bad request"),
        403 => new ApiException(403, "Forbidden", message ?? "forbidden"),
        404 => new ApiException(404, "NotFound", message ?? "the server could not find the requested resource"),
        405 => MethodNotAllowed(),
        409 => new ApiException(409, "Conflict", message ?? "Operation cannot be fulfilled: " + ModifiedConflictMessage),
        410 => Expired(message ?? "too old resource version"),
        422 => new ApiException(422, "Invalid", message ?? "invalid"),
        429 => new ApiException(429, "TooManyRequests", message ?? "Too many requests, please try again later.",
            new JsonObject { ["retryAfterSeconds"] = 1 })
        { RetryAfterSeconds = 1 },
        500 => new ApiException(500, "InternalError", message ?? "Internal error occurred: injected fault"),
        503 => new ApiException(503, "ServiceUnavailable", message ?? "the server is currently unable to handle the request",
            new JsonObject { ["retryAfterSeconds"] = 1 })
        { RetryAfterSeconds = 1 },
        504 => new ApiException(504, "Timeout", message ?? "the server was unable to return a response in the time allotted"),
        _ => new ApiException(code, "Unknown", message ?? $"the server responded with the status code {code}"),
    };

    public static string Qualified(string group, string resource) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static string Describe(StatusCause cause) => cause.Field is null ? cause.Message : $"{cause.Field}: {cause.Message}";

    private static JsonObject Details(string group, string resource, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        // The apiserver puts the resource (not the kind) into details.kind for these errors.
        details["kind"] = resource;
        return details;
    }
}
