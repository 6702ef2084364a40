using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;

namespace NodeLocalDns.Controllers.Tests.Resilience;

[TestFixture]
public sealed class ApiErrorsTests
{
    [Test]
    public void Classify_HttpOperationException_ByCodeAndReason()
    {
        var notFound = Http(HttpStatusCode.NotFound, "NotFound");
        var conflict = Http(HttpStatusCode.Conflict, "Conflict");
        var exists = Http(HttpStatusCode.Conflict, "AlreadyExists");
        var gone = Http(HttpStatusCode.Gone, "Expired");

        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.IsNotFound(notFound), Is.True);
            Assert.That(ApiErrors.IsConflict(conflict), Is.True);
            Assert.That(ApiErrors.IsAlreadyExists(conflict), Is.False);
            Assert.That(ApiErrors.IsAlreadyExists(exists), Is.True);
            Assert.That(ApiErrors.IsConflict(exists), Is.False);
            Assert.That(ApiErrors.IsGone(gone), Is.True);
            Assert.That(ApiErrors.Reason(gone), Is.EqualTo("Expired"));
            Assert.That(ApiErrors.IsNotFound(gone), Is.False);
        });
    }

    [Test]
    public void IsConflict_409WithoutAStatusBody_CountsAsConflict()
    {
        var bare = new HttpOperationException("409")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.Conflict), "not json"),
        };

        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.IsConflict(bare), Is.True);
            Assert.That(ApiErrors.Reason(bare), Is.Null);
        });
    }

    [Test]
    public void Classify_KubernetesExceptionFromAWatch_UsesTheStatus()
    {
        var expired = new KubernetesException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" });

        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.IsGone(expired), Is.True);
            Assert.That(ApiErrors.StatusCode(expired), Is.EqualTo(410));
            Assert.That(ApiErrors.Reason(expired), Is.EqualTo("Expired"));
        });
    }

    [TestCase(429, true)]
    [TestCase(500, true)]
    [TestCase(502, true)]
    [TestCase(503, true)]
    [TestCase(504, true)]
    [TestCase(400, false)]
    [TestCase(403, false)]
    [TestCase(404, false)]
    [TestCase(409, false)]
    [TestCase(422, false)]
    [TestCase(501, false)]
    public void IsTransient_ByStatusCode(int code, bool transient)
    {
        Assert.That(ApiErrors.IsTransient(Http((HttpStatusCode)code, "x")), Is.EqualTo(transient));
    }

    [Test]
    public void IsTransient_ConnectionErrorsAndTimeouts_ButNotOurOwnCancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.IsTransient(new HttpRequestException("connection refused")), Is.True);
            Assert.That(ApiErrors.IsTransient(new IOException("reset")), Is.True);
            Assert.That(ApiErrors.IsTransient(new TaskCanceledException("HttpClient.Timeout"), CancellationToken.None), Is.True);
            Assert.That(ApiErrors.IsTransient(new OperationCanceledException(cancelled.Token), cancelled.Token), Is.False);
            Assert.That(ApiErrors.IsTransient(new InvalidOperationException()), Is.False);
        });
    }

    [Test]
    public void RetryAfter_SecondsOrDate()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var seconds = Http(HttpStatusCode.TooManyRequests, "TooManyRequests", retryAfter: "3");
        var date = Http(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", retryAfter: now.AddSeconds(7).ToString("R"));

        Assert.Multiple(() =>
        {
            Assert.That(ApiErrors.RetryAfter(seconds, now), Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(ApiErrors.RetryAfter(date, now), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(ApiErrors.RetryAfter(Http(HttpStatusCode.ServiceUnavailable, "x"), now), Is.Null);
        });
    }

    private static HttpOperationException Http(HttpStatusCode code, string reason, string? retryAfter = null)
    {
        var response = new HttpResponseMessage(code);
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        var body = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"{{reason}}","code":{{(int)code}}}""";
        return new HttpOperationException($"Operation returned an invalid status code '{code}'") { Response = new HttpResponseMessageWrapper(response, body) };
    }
}
