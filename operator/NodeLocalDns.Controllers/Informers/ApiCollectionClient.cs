using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// GETs one collection (<c>/api/v1/...</c> or <c>/apis/{group}/{version}/...</c>) over the client's own
/// <see cref="HttpClient"/> and credentials: a list page, or a <c>watch=true</c> stream read line by line. Items stay
/// <see cref="JsonElement"/>s so that the caller decodes each one by itself and one object the typed model refuses is
/// set aside alone (an out-of-enum value stored under an older CRD must not stall a whole list or watch).
/// <para>Why not the client's calls: the NativeAOT build of KubernetesClient (the published operator) has no watch
/// at all, and its generic list deserializes whole pages into one typed list. The wire format is the API server's,
/// documented in "API Concepts" (efficient detection of changes, watch bookmarks, retrieving large results in
/// chunks).</para>
/// </summary>
internal sealed class ApiCollectionClient
{
    private readonly Kubernetes _client;
    private readonly string _path;
    private readonly string? _labelSelector;
    private readonly string? _fieldSelector;

    public ApiCollectionClient(IKubernetes client, string group, string version, string plural, string? namespaceName,
        string? labelSelector, string? fieldSelector)
    {
        _client = client as Kubernetes
            ?? throw new ArgumentException($"Lists and watches need the {nameof(Kubernetes)} client (its HTTP client and credentials).", nameof(client));
        var root = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
        _path = namespaceName is null ? $"{root}/{plural}" : $"{root}/namespaces/{Uri.EscapeDataString(namespaceName)}/{plural}";
        _labelSelector = labelSelector;
        _fieldSelector = fieldSelector;
    }

    /// <summary>One page of the list: its items, the list's resourceVersion and the continue token ("" on the last page).</summary>
    public async Task<CollectionPage> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken)
    {
        var query = Query(("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("continue", continueToken));
        using var response = await SendAsync(query, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            var items = root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(item => item.Clone()).ToList()
                : [];
            var metadata = root.TryGetProperty("metadata", out var meta) ? meta : default;
            return new CollectionPage(items, StringField(metadata, "resourceVersion") ?? string.Empty, StringField(metadata, "continue") ?? string.Empty);
        }
    }

    /// <summary>
    /// The events after <paramref name="resourceVersion"/>, with bookmarks, until the server ends the stream after
    /// <paramref name="timeoutSeconds"/>. An ERROR event (a Status, e.g. 410 Expired) is thrown as the
    /// <see cref="KubernetesException"/> it stands for; a line that is not a watch event, as a <see cref="JsonException"/>.
    /// </summary>
    public async IAsyncEnumerable<(WatchEventKind Kind, JsonElement Object)> WatchAsync(string resourceVersion, int timeoutSeconds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = Query(
            ("watch", "true"), ("allowWatchBookmarks", "true"), ("resourceVersion", resourceVersion),
            ("timeoutSeconds", timeoutSeconds.ToString(CultureInfo.InvariantCulture)));

        // The server closes the stream after timeoutSeconds; a connection that silently died would not, so the
        // client gives up a little later on its own.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds + 30));
        using var response = await SendAsync(query, deadline.Token).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                yield return Event(line);
            }
        }
    }

    private static (WatchEventKind, JsonElement) Event(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : null;
        if (!root.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A watch event without an object: {Excerpt(line)}");
        }

        return type switch
        {
            "ADDED" => (WatchEventKind.Added, obj.Clone()),
            "MODIFIED" => (WatchEventKind.Modified, obj.Clone()),
            "DELETED" => (WatchEventKind.Deleted, obj.Clone()),
            "BOOKMARK" => (WatchEventKind.Bookmark, obj.Clone()),
            "ERROR" => throw new KubernetesException(KubernetesJson.Deserialize<V1Status>(obj.GetRawText())),
            _ => throw new JsonException($"A watch event of unknown type {type ?? "(none)"}: {Excerpt(line)}"),
        };
    }

    private static string Excerpt(string line) => line.Length <= 200 ? line : line[..200] + "...";

    /// <summary>The string property <paramref name="name"/> of <paramref name="obj"/>, or null when it is not an object with one.</summary>
    public static string? StringField(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private string Query(params (string Name, string? Value)[] extra)
    {
        var parts = extra.Append(("labelSelector", _labelSelector)).Append(("fieldSelector", _fieldSelector))
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}");
        return string.Join('&', parts);
    }

    // As the client's generated calls do: its HttpClient (TLS, client certificates) plus its credentials (tokens,
    // exec plugins), and a non-2xx answer thrown as HttpOperationException with the Status body, which ApiErrors reads.
    private async Task<HttpResponseMessage> SendAsync(string query, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, query.Length == 0 ? _path : $"{_path}?{query}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {content}")
            {
                Request = new HttpRequestMessageWrapper(request, null),
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }
    }
}
