using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// An <see cref="IListWatcher{T}"/> over one generated KubernetesClient list call (paged with limit/continue) and its
/// watch. Built by <see cref="ListWatchers"/>.
/// </summary>
internal sealed class KubernetesListWatcher<T, TList> : IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IItems<T>, IMetadata<V1ListMeta>
{
    /// <summary>A list call: continue token (null for the first page), page size (null for everything), cancellation.</summary>
    internal delegate Task<HttpOperationResponse<TList>> ListCall(string? continueToken, int? limit, CancellationToken cancellationToken);

    /// <summary>A watch call: resourceVersion, server-side timeout in seconds, error callback, cancellation.</summary>
    internal delegate IAsyncEnumerable<(WatchEventType, T)> WatchCall(string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);

    private readonly ListCall list;
    private readonly WatchCall watch;
    private readonly int pageSize;

    public KubernetesListWatcher(string description, int pageSize, ListCall list, WatchCall watch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        Description = description;
        this.pageSize = pageSize;
        this.list = list;
        this.watch = watch;
    }

    public string Description { get; }

    public async Task<ObjectList<T>> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        while (true)
        {
            TList page;
            try
            {
                using var response = await list(continueToken, pageSize, cancellationToken).ConfigureAwait(false);
                page = response.Body;
            }
            catch (HttpOperationException error) when (continueToken is not null && ApiErrors.IsGone(error))
            {
                // The continue token outlived the server's compaction window; client-go falls back to one
                // unpaged list, which is consistent by construction.
                using var response = await list(null, null, cancellationToken).ConfigureAwait(false);
                return new ObjectList<T>([.. response.Body.Items ?? []], response.Body.Metadata?.ResourceVersion ?? string.Empty);
            }

            items.AddRange(page.Items ?? []);
            continueToken = page.Metadata?.ContinueProperty;
            if (string.IsNullOrEmpty(continueToken))
            {
                return new ObjectList<T>(items, page.Metadata?.ResourceVersion ?? string.Empty);
            }
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // KubernetesClient reports ERROR events (a Status object, e.g. 410 Expired) and undecodable lines through
        // the callback instead of throwing, and keeps reading. Either one means the stream can no longer be trusted
        // to be complete, so it is surfaced as the exception it is; the informer decides between relist and retry.
        Exception? failure = null;
        var seconds = (int)Math.Max(1, Math.Round(timeout.TotalSeconds));
        var events = watch(resourceVersion, seconds, error => failure ??= error, cancellationToken);
        await foreach (var change in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (failure is not null)
            {
                break;
            }

            yield return change;
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
