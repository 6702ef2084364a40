using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace NodeLocalDns.Controllers.Resilience;

/// <summary>
/// Classifies errors from the API server, for exception filters:
/// <c>catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))</c>. Works on both shapes the official client
/// produces: <see cref="HttpOperationException"/> (an HTTP status, the Status body as text) and
/// <see cref="KubernetesException"/> (a Status from a watch ERROR event). Mirrors apimachinery's <c>errors</c>
/// package: the Status <c>reason</c> decides where it is known, the HTTP code otherwise.
/// </summary>
public static class ApiErrors
{
    /// <summary>The HTTP status code the API server answered with, or null for other errors.</summary>
    public static int? StatusCode(Exception error) => error switch
    {
        HttpOperationException { Response: { } response } => (int)response.StatusCode,
        KubernetesException { Status.Code: { } code } => code,
        _ => null,
    };

    /// <summary>
    /// The Status <c>reason</c> (<c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Expired</c>...), or null if the
    /// response had none.
    /// </summary>
    public static string? Reason(Exception error)
    {
        switch (error)
        {
            case KubernetesException { Status.Reason: { Length: > 0 } reason }:
                return reason;
            case HttpOperationException { Response.Content: { Length: > 0 } content }:
                try
                {
                    using var document = JsonDocument.Parse(content);
                    return document.RootElement.ValueKind == JsonValueKind.Object
                        && document.RootElement.TryGetProperty("reason", out var reason)
                        && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    /// <summary>404: the object (or its namespace, or the resource type) does not exist.</summary>
    public static bool IsNotFound(Exception error) => StatusCode(error) == (int)HttpStatusCode.NotFound;

    /// <summary>409 other than AlreadyExists: an optimistic-concurrency conflict; re-read and retry.</summary>
    public static bool IsConflict(Exception error) => StatusCode(error) == (int)HttpStatusCode.Conflict && Reason(error) != "AlreadyExists";

    /// <summary>409 AlreadyExists: a create found the name taken.</summary>
    public static bool IsAlreadyExists(Exception error) => StatusCode(error) == (int)HttpStatusCode.Conflict && Reason(error) == "AlreadyExists";

    /// <summary>410 Gone/Expired: a resourceVersion or continue token is older than the server keeps; relist.</summary>
    public static bool IsGone(Exception error) => StatusCode(error) == (int)HttpStatusCode.Gone;

    /// <summary>
    /// Worth retrying unchanged: 429 Too Many Requests, 500, 502, 503 and 504, a connection-level failure, or a
    /// timeout (a cancellation that <paramref name="cancellationToken"/>, the caller's own, did not cause).
    /// Never 4xx answers such as 400, 403, 404, 409 or 422: repeating the same request gets the same answer.
    /// </summary>
    public static bool IsTransient(Exception error, CancellationToken cancellationToken = default) => error switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or IOException => true,
        _ => StatusCode(error) is 429 or 500 or 502 or 503 or 504,
    };

    /// <summary>The server's Retry-After (seconds or an HTTP date, relative to <paramref name="now"/>), if it sent one.</summary>
    public static TimeSpan? RetryAfter(Exception error, DateTimeOffset now)
    {
        if (error is not HttpOperationException { Response.Headers: { } headers })
        {
            return null;
        }

        var value = headers.FirstOrDefault(pair => string.Equals(pair.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date > now ? date - now : TimeSpan.Zero
            : null;
    }
}
