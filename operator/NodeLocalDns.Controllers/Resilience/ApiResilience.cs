using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace NodeLocalDns.Controllers.Resilience;

/// <summary>
/// Polly pipelines for calls to the API server.
/// <para><see cref="CreatePipeline"/> retries what the server or network may answer differently next time
/// (<see cref="ApiErrors.IsTransient"/>: 429, 5xx, connection errors, timeouts) with jittered exponential backoff,
/// waiting at least as long as a Retry-After header asks. It never retries 400, 403, 404, 409 or 422.</para>
/// <para><see cref="CreateConflictPipeline"/> retries 409 Conflict, for an action that re-reads the object on every
/// attempt (a retry that resends the same stale resourceVersion would conflict again).</para>
/// <para><b>Caveats:</b> wrap whole idempotent operations (a GET, a server-side apply, an update carrying a
/// resourceVersion); a POST that timed out may have succeeded, so a retried create must tolerate AlreadyExists.
/// The reconcile loop itself also retries with backoff, so keep these budgets short.</para>
/// </summary>
public static class ApiResilience
{
    /// <summary>Creates the transient-error pipeline.</summary>
    public static ResiliencePipeline CreatePipeline(ApiRetryOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        options ??= new ApiRetryOptions();
        var clock = timeProvider ?? TimeProvider.System;
        var log = logger ?? NullLogger.Instance;
        return new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } error && ApiErrors.IsTransient(error, args.Context.CancellationToken)),

                // Retry-After is the server telling us when it expects to cope again (429 from API priority and
                // fairness, 503 while starting); returning null keeps Polly's own exponential delay.
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is HttpOperationException error && ApiErrors.RetryAfter(error, clock.GetUtcNow()) is { } asked
                        ? (TimeSpan?)(asked > options.MaxDelay ? options.MaxDelay : asked)
                        : null),
                OnRetry = args =>
                {
                    var error = args.Outcome.Exception!;
                    ResilienceLog.ApiRetry(log, args.AttemptNumber + 1, args.RetryDelay, ApiErrors.StatusCode(error), error.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Creates the conflict pipeline: up to <paramref name="maxRetryAttempts"/> quick retries of 409 Conflict.</summary>
    public static ResiliencePipeline CreateConflictPipeline(int maxRetryAttempts = 5, TimeProvider? timeProvider = null)
    {
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxRetryAttempts,
                Delay = TimeSpan.FromMilliseconds(10),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error && ApiErrors.IsConflict(error)),
            })
            .Build();
    }
}
