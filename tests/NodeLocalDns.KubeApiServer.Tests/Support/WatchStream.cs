using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Tests.Support;

/// <summary>An open watch over raw HTTP, read line by line with timeouts so a missing event fails the test instead of hanging it.</summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private Task<string?>? _pendingLine;

    private WatchStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int StatusCode => (int)_response.StatusCode;

    public static async Task<WatchStream> OpenAsync(HttpClient client, string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new WatchStream(response, new StreamReader(stream));
    }

    /// <summary>The next event, or null when the server ended the stream; throws on timeout.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null)
    {
        _pendingLine ??= _reader.ReadLineAsync();
        var finished = await Task.WhenAny(_pendingLine, Task.Delay(timeout ?? TimeSpan.FromSeconds(5)));
        if (finished != _pendingLine)
        {
            throw new TimeoutException("no watch event arrived in time");
        }

        var line = await _pendingLine;
        _pendingLine = null;
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>The next event that is not a BOOKMARK.</summary>
    public async Task<JsonObject?> NextChangeAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var next = await NextAsync(timeout);
            if (next is null || next["type"]!.GetValue<string>() != "BOOKMARK")
            {
                return next;
            }
        }
    }

    public async Task<List<JsonObject>> TakeChangesAsync(int count, TimeSpan? timeout = null)
    {
        var events = new List<JsonObject>();
        while (events.Count < count)
        {
            events.Add(await NextChangeAsync(timeout) ?? throw new InvalidOperationException($"stream ended after {events.Count} events"));
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }

    public static string TypeOf(JsonObject watchEvent) => watchEvent["type"]!.GetValue<string>();

    public static string NameOf(JsonObject watchEvent) => watchEvent["object"]!["metadata"]!["name"]!.GetValue<string>();
}
