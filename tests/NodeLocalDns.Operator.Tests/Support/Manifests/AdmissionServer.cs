using System.Text;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>
/// The in-process API server with the committed CRD installed through the server's own CRD validation, to ask it what
/// <c>kubectl apply --server-side --dry-run=server</c> would get for a NodeLocalDns: the schema, the defaults and the CEL
/// rules, with kubectl's strict field validation.
/// </summary>
internal sealed class AdmissionServer : IAsyncDisposable
{
    public const string Collection = "/apis/dns.nodelocal.io/v1alpha1/nodelocaldnses";
    public const string CrdCollection = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private readonly HttpClient _http;

    private AdmissionServer(TestKubeApiServer server)
    {
        Server = server;
        _http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TestKubeApiServer Server { get; }

    public static string CommittedCrd => File.ReadAllText(TestData.Repo("crds", CrdGenerator.FileName));

    /// <summary>
    /// A server with <paramref name="crdYaml"/> (default: the committed CRD) created over HTTP; throws with the server's message
    /// when it is refused.
    /// </summary>
    public static async Task<AdmissionServer> StartAsync(string? crdYaml = null)
    {
        var admission = new AdmissionServer(await TestKubeApiServer.StartAsync());
        var created = await admission.PostYamlAsync(CrdCollection, crdYaml ?? CommittedCrd);
        if (!created.Accepted)
        {
            await admission.DisposeAsync();
            throw new InvalidOperationException("the API server refused the CRD: " + created.Message);
        }

        return admission;
    }

    /// <summary>POSTs a YAML document with strict field validation, for real or as a dry run.</summary>
    public async Task<Admission> PostYamlAsync(string collection, string yaml, bool dryRun = false) =>
        await SendAsync(HttpMethod.Post, $"{collection}?fieldValidation=Strict{(dryRun ? "&dryRun=All" : string.Empty)}", yaml, "application/yaml");

    /// <summary>Creates (or with <paramref name="dryRun"/> only checks) a NodeLocalDns document.</summary>
    public Task<Admission> CreateNodeLocalDnsAsync(string yaml, bool dryRun = true) => PostYamlAsync(Collection, yaml, dryRun);

    /// <summary>Replaces a stored NodeLocalDns with <paramref name="updated"/> (which carries its resourceVersion).</summary>
    public Task<Admission> ReplaceNodeLocalDnsAsync(JsonObject updated, string subresource = "") =>
        SendAsync(HttpMethod.Put, $"{Collection}/{updated["metadata"]!["name"]!.GetValue<string>()}{subresource}?fieldValidation=Strict",
            updated.ToJsonString(), "application/json");

    /// <summary>A NodeLocalDns named default with <paramref name="specYaml"/> (indented under spec:).</summary>
    public static string NodeLocalDns(string specYaml) =>
        $"apiVersion: {V1Alpha1NodeLocalDns.ApiGroup}/{V1Alpha1NodeLocalDns.Version}\nkind: NodeLocalDns\nmetadata: {{name: default}}\nspec:\n  {specYaml}\n";

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }

    private async Task<Admission> SendAsync(HttpMethod method, string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await _http.SendAsync(request);
        var parsed = JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject;
        var code = (int)response.StatusCode;
        return new Admission(code, code is 200 or 201 ? string.Empty : parsed?["message"]?.GetValue<string>() ?? string.Empty, parsed);
    }
}
