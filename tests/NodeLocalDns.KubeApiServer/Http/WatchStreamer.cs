using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Operations;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Selectors;
using NodeLocalDns.KubeApiServer.Watch;

namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>
/// Serves <c>?watch=true</c>: a chunked response of newline-delimited <c>{"type":...,"object":...}</c> events, each
/// flushed as soon as it is written (API concepts, "Efficient detection of changes"). Honors resourceVersion (replay
/// or 410 ERROR event), allowWatchBookmarks (periodic BOOKMARK events), timeoutSeconds, selectors and
/// sendInitialEvents (KEP-3157, ending the initial state with a bookmark annotated <c>k8s.io/initial-events-end</c>).
/// </summary>
internal sealed class WatchStreamer
{
    private const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    private readonly ClusterState _state;

    public WatchStreamer(ClusterState state) => _state = state;

    public async Task StreamAsync(HttpContext context, ParsedRequest request, ResponseShaper shaper)
    {
        var definition = request.Definition!;
        var query = request.Info.Query;
        var labels = LabelSelector.Parse(query.GetValueOrDefault("labelSelector"));
        var fieldText = query.GetValueOrDefault("fieldSelector");
        if (request.Info.Name is { } name)
        {
            // A watch on a named path watches that one object, as the apiserver rewrites it to metadata.name=<name>.
            fieldText = string.IsNullOrEmpty(fieldText) ? $"metadata.name={name}" : $"{fieldText},metadata.name={name}";
        }

        var fields = FieldSelector.Parse(fieldText, definition.SelectableFields);
        var allowBookmarks = query.GetValueOrDefault("allowWatchBookmarks") == "true";
        var resourceVersion = query.GetValueOrDefault("resourceVersion");
        var sendInitialEvents = query.GetValueOrDefault("sendInitialEvents") == "true";
        if (query.ContainsKey("sendInitialEvents") && (!allowBookmarks || query.GetValueOrDefault("resourceVersionMatch") != "NotOlderThan"))
        {
            throw ApiErrors.Invalid(string.Empty, "ListOptions", string.Empty,
                [ApiErrors.Forbidden("sendInitialEvents",
                    "sendInitialEvents requires setting allowWatchBookmarks=true and resourceVersionMatch=NotOlderThan")]);
        }

        long? from = sendInitialEvents || string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0"
            ? null
            : ObjectReader.ParseVersion(resourceVersion);
        var filter = new WatchFilter(definition.GroupResource, definition.Namespaced ? request.Info.Namespace : null, labels, fields);
        var subscription = _state.Store.Subscribe(filter, from, initialEventsEndBookmark: sendInitialEvents);
        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-cache, private";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await PumpAsync(context, definition, subscription, shaper, allowBookmarks, TimeoutOf(query));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            _state.Store.Unsubscribe(subscription);
        }
    }

    private async Task PumpAsync(HttpContext context, ResourceDefinition definition, WatchSubscription subscription, ResponseShaper shaper,
        bool allowBookmarks, TimeSpan? timeout)
    {
        // Pacing uses the real clock even when timestamps come from a fake one, so bookmarks and timeouts still fire.
        var time = TimeProvider.System;
        var bookmarkInterval = _state.Options.BookmarkInterval;
        var deadline = timeout is { } limit ? time.GetUtcNow() + limit : DateTimeOffset.MaxValue;
        var nextBookmark = allowBookmarks ? time.GetUtcNow() + bookmarkInterval : DateTimeOffset.MaxValue;
        var reader = subscription.Reader;
        while (!context.RequestAborted.IsCancellationRequested)
        {
            while (reader.TryRead(out var message))
            {
                if (message.Type == WatchMessageType.Bookmark && !allowBookmarks)
                {
                    continue;
                }

                await WriteEventAsync(context, definition, message, shaper);
            }

            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                return;
            }

            if (now >= nextBookmark)
            {
                _state.Store.RequestBookmark(subscription);
                nextBookmark = now + bookmarkInterval;
                continue;
            }

            var wait = (deadline < nextBookmark ? deadline : nextBookmark) - now;
            using var waitCancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            if (wait < TimeSpan.FromDays(1))
            {
                waitCancellation.CancelAfter(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
            }

            try
            {
                if (!await reader.WaitToReadAsync(waitCancellation.Token))
                {
                    // Completed: the server dropped this watch, or a 410 ERROR was the last event.
                    while (reader.TryRead(out var last))
                    {
                        await WriteEventAsync(context, definition, last, shaper);
                    }

                    return;
                }
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Time for a bookmark or the end of timeoutSeconds.
            }
        }
    }

    private static async Task WriteEventAsync(HttpContext context, ResourceDefinition definition, WatchMessage message, ResponseShaper shaper)
    {
        JsonObject obj;
        switch (message.Type)
        {
            case WatchMessageType.Error:
                obj = message.Status!;
                break;
            case WatchMessageType.Bookmark:
                var metadata = new JsonObject { ["resourceVersion"] = message.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
                if (message.InitialEventsEnd)
                {
                    metadata["annotations"] = new JsonObject { [InitialEventsEndAnnotation] = "true" };
                }

                // A bookmark carries only the kind and the version (API concepts, "Watch bookmarks").
                obj = new JsonObject { ["kind"] = definition.Kind, ["apiVersion"] = definition.GroupVersion, ["metadata"] = metadata };
                break;
            default:
                obj = shaper.WatchObject(definition, message.Object!);
                break;
        }

        var line = new JsonObject { ["type"] = message.WireType, ["object"] = obj }.ToJsonString(JsonNodes.Compact) + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static TimeSpan? TimeoutOf(IReadOnlyDictionary<string, string> query) =>
        query.TryGetValue("timeoutSeconds", out var text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
