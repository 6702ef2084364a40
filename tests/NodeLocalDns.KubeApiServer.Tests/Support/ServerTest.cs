using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Tests.Support;

/// <summary>Gives each test a fresh server and a raw HTTP client for it.</summary>
public abstract class ServerTest
{
    private protected TestKubeApiServer Server { get; private set; } = null!;

    private protected ApiHttp Http { get; private set; } = null!;

    private protected virtual TestKubeApiServerOptions Options => new();

    [SetUp]
    public async Task StartServerAsync()
    {
        Server = await TestKubeApiServer.StartAsync(Options);
        Http = new ApiHttp(Server.BaseUri);
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    private protected async Task<JsonObject> CreateWidgetDefinitionAsync(string scope = "Namespaced", bool statusSubresource = true)
    {
        var crd = await Http.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            Objects.WidgetDefinition(scope, statusSubresource: statusSubresource));
        return crd;
    }

    private protected static long Version(JsonObject obj) =>
        long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private protected static string? Text(JsonNode? node, string path)
    {
        var current = node;
        foreach (var segment in path.Split('.'))
        {
            current = current?[segment];
        }

        return current?.ToString();
    }
}
