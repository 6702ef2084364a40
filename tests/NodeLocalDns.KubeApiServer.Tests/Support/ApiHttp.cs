using System.Text;
using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Tests.Support;

/// <summary>Plain HTTP calls against the server, to check wire-level behaviour without any client library in between.</summary>
internal sealed class ApiHttp : IDisposable
{
    private readonly HttpClient _client;

    public ApiHttp(Uri baseUri) => _client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Client => _client;

    public Task<ApiResponse> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, null, null, accept);

    public Task<ApiResponse> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString(), "application/json");

    public Task<ApiResponse> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString(), "application/json");

    public Task<ApiResponse> PatchAsync(string path, string contentType, string body) => SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<ApiResponse> PatchAsync(string path, string contentType, JsonNode body) => PatchAsync(path, contentType, body.ToJsonString());

    public Task<ApiResponse> DeleteAsync(string path, JsonNode? body = null) =>
        SendAsync(HttpMethod.Delete, path, body?.ToJsonString(), body is null ? null : "application/json");

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body, string? contentType, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        if (text.Length > 0 && text[0] is '{' or '[')
        {
            parsed = JsonNode.Parse(text);
        }

        return new ApiResponse(
            response.StatusCode,
            parsed,
            response.Content.Headers.ContentType?.ToString(),
            response.Headers.RetryAfter?.ToString());
    }

    /// <summary>Creates and asserts 201, returning the stored object.</summary>
    public async Task<JsonObject> CreateAsync(string collectionPath, JsonObject body)
    {
        var response = await PostAsync(collectionPath, body);
        if (response.Code != 201)
        {
            throw new InvalidOperationException($"create at {collectionPath} answered {response.Code}: {response.Body}");
        }

        return response.Object;
    }

    public void Dispose() => _client.Dispose();
}
