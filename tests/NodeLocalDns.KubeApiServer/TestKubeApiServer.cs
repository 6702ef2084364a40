using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Faults;
using NodeLocalDns.KubeApiServer.Http;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Monitoring;
using NodeLocalDns.KubeApiServer.Operations;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Storage;

namespace NodeLocalDns.KubeApiServer;

/// <summary>
/// An in-process Kubernetes API server for tests: plain HTTP on 127.0.0.1, no authentication, objects kept as JSON in
/// memory, with the API machinery semantics controllers depend on (resource versions, watches, patches, status
/// subresources, owner-reference garbage collection, discovery, tables). Point the official KubernetesClient at
/// <see cref="ClientConfiguration"/> or kubectl at the file from <see cref="WriteKubeconfig"/>.
/// </summary>
public sealed class TestKubeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ClusterState _state;
    private readonly FaultInjector _faults;
    private readonly RequestMonitor _monitor;

    private TestKubeApiServer(WebApplication app, ClusterState state, FaultInjector faults, RequestMonitor monitor, Uri baseUri)
    {
        _app = app;
        _state = state;
        _faults = faults;
        _monitor = monitor;
        BaseUri = baseUri;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The latest resourceVersion (one global counter, increased by every committed change).</summary>
    public long ResourceVersion => _state.Store.CurrentResourceVersion;

    /// <summary>Write requests received so far, keyed <c>"{verb} {resource}"</c>, e.g. <c>"patch daemonsets/status"</c>.</summary>
    public IReadOnlyDictionary<string, int> WriteCounts => _monitor.WriteCounts;

    /// <summary>The most recent requests (up to 2000), oldest first.</summary>
    public IReadOnlyList<ApiRequestInfo> Requests => _monitor.Requests;

    /// <summary>Watch streams currently open.</summary>
    public int OpenWatchCount => _state.Store.WatchCount;

    public static async Task<TestKubeApiServer> StartAsync(TestKubeApiServerOptions? options = null)
    {
        options ??= new TestKubeApiServerOptions();
        var state = new ClusterState(options);
        var faults = new FaultInjector();
        var monitor = new RequestMonitor();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        string address = string.Empty;
        var dispatcher = new ApiDispatcher(state, faults, monitor, () => address);
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseUri = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        address = $"{baseUri.Host}:{baseUri.Port}";
        var server = new TestKubeApiServer(app, state, faults, monitor, baseUri);
        if (options.CreateSystemNamespaces)
        {
            foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
            {
                server.PutObject(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
            }
        }

        return server;
    }

    /// <summary>A client configuration for this server (no authentication).</summary>
    public KubernetesClientConfiguration ClientConfiguration() => new() { Host = BaseUri.ToString().TrimEnd('/'), Namespace = "default" };

    /// <summary>A new official client for this server; dispose it when done.</summary>
    public Kubernetes CreateClient() => new(ClientConfiguration());

    /// <summary>
    /// Writes a kubeconfig whose only context points at this server, for kubectl's <c>--kubeconfig</c>; returns the
    /// path. The user has a dummy token (the server does not authenticate) because the C# client refuses a user
    /// without any credentials.
    /// </summary>
    public string WriteKubeconfig(string path)
    {
        var server = BaseUri.ToString().TrimEnd('/');
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
                namespace: default
            current-context: test
            users:
            - name: test
              user:
                token: unused-test-token

            """);
        return path;
    }

    /// <summary>Write requests for <paramref name="resource"/> (<c>configmaps</c>, <c>daemonsets/status</c>; null for all) and verb (null for all).</summary>
    public int CountWrites(string? resource = null, string? verb = null) => _monitor.Count(resource, verb);

    /// <summary>Requests to <paramref name="resource"/> (<c>nodelocaldnses/status</c>) refused with <paramref name="code"/> (e.g. 409).</summary>
    public int CountRefusals(string resource, int code) => _monitor.CountRefusals(resource, code);

    /// <summary>Forgets write counts, refusal counts and the request log.</summary>
    public void ResetWriteCounts() => _monitor.Reset();

    /// <summary>Compacts the history: watches and exact lists from any earlier resourceVersion now get 410 Expired.</summary>
    public void ExpireWatchHistory() => _state.Store.ExpireHistory();

    /// <summary>Ends every open watch stream, as an apiserver restart or a load balancer timeout would.</summary>
    public void DropWatches() => _state.Store.DropWatches();

    /// <summary>
    /// Fails requests for which <paramref name="decide"/> returns an HTTP status (500, 503, 429, 409, ...) with the
    /// matching Status body (429 and 503 carry Retry-After), until the returned handle is disposed.
    /// </summary>
    public IDisposable InjectFault(Func<ApiRequestInfo, int?> decide) => _faults.Add(new FaultRule(decide, times: null));

    /// <summary>Fails the next <paramref name="times"/> requests matching <paramref name="match"/> with <paramref name="statusCode"/>.</summary>
    public IDisposable InjectFault(Func<ApiRequestInfo, bool> match, int statusCode, int times = 1) =>
        _faults.Add(new FaultRule(request => match(request) ? statusCode : null, times));

    public void ClearFaults() => _faults.Clear();

    /// <summary>
    /// Runs <paramref name="mutate"/> on every create and update of <paramref name="resource"/> (e.g. <c>daemonsets</c>)
    /// before it is stored, as a mutating admission webhook does (a policy engine adding a toleration, VPA setting
    /// resources, a sidecar injector adding an env var). Dispose the handle to remove it.
    /// </summary>
    public IDisposable AddMutatingAdmission(string resource, Action<JsonObject> mutate) => _state.AddMutatingAdmission(resource, mutate);

    /// <summary>
    /// Seeds an object directly (create, or replace whatever is stored), keeping a given <c>status</c> even for kinds
    /// whose status is a subresource. Server-side rules still apply (defaults, cluster IPs, validation), and watchers see
    /// the change. Namespaced objects without <c>metadata.namespace</c> go to <c>default</c>. Throws
    /// <see cref="InvalidOperationException"/> with the Status message when the server rejects it.
    /// </summary>
    public JsonObject PutObject(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = JsonNodes.GetString(obj, "apiVersion") ?? throw new ArgumentException("apiVersion is required", nameof(obj));
        var kind = JsonNodes.GetString(obj, "kind") ?? throw new ArgumentException("kind is required", nameof(obj));
        var definition = Resolve(apiVersion, kind);
        var ns = definition.Namespaced ? JsonNodes.Namespace(obj) ?? "default" : null;
        var name = JsonNodes.Name(obj) ?? throw new ArgumentException("metadata.name is required", nameof(obj));
        return Translate(() =>
        {
            lock (_state.Store.Gate)
            {
                var candidate = JsonNodes.Clone(obj);
                JsonNodes.Metadata(candidate).Remove("resourceVersion");
                var existing = _state.Store.Get(new StorageKey(definition.GroupResource, ns ?? string.Empty, name));
                JsonObject result;
                if (existing is null)
                {
                    result = _state.Writer.Create(definition, ns, candidate, WriteOptions.Default).Body;
                }
                else
                {
                    JsonNodes.Metadata(candidate)["resourceVersion"] = existing.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                    result = _state.Writer.Update(definition, ns, name, candidate, statusOnly: false, WriteOptions.Default).Body;
                }

                if (definition.HasStatus && obj["status"] is not null && !JsonNode.DeepEquals(result["status"], obj["status"]))
                {
                    var withStatus = JsonNodes.Clone(result);
                    withStatus["status"] = obj["status"]!.DeepClone();
                    result = _state.Writer.Update(definition, ns, name, withStatus, statusOnly: true, WriteOptions.Default).Body;
                }

                return result;
            }
        });
    }

    /// <summary>Seeds an object given as JSON or YAML.</summary>
    public JsonObject PutObject(string jsonOrYaml) =>
        PutObject(YamlToJson.Parse(jsonOrYaml) as JsonObject ?? throw new ArgumentException("not an object", nameof(jsonOrYaml)));

    /// <summary>The stored object, or null.</summary>
    public JsonObject? GetObject(string apiVersion, string kind, string? ns, string name)
    {
        var definition = Resolve(apiVersion, kind);
        var stored = _state.Store.Get(new StorageKey(definition.GroupResource, definition.Namespaced ? ns ?? "default" : string.Empty, name));
        return stored is null ? null : ObjectWriter.Present(definition, stored.ToJsonObject());
    }

    /// <summary>Stored objects of a kind, in one namespace or all (null).</summary>
    public IReadOnlyList<JsonObject> ListObjects(string apiVersion, string kind, string? ns = null)
    {
        var definition = Resolve(apiVersion, kind);
        return _state.Store.List(definition.GroupResource, definition.Namespaced ? ns : null)
            .Select(stored => ObjectWriter.Present(definition, stored.ToJsonObject()))
            .ToList();
    }

    /// <summary>Deletes like a DELETE with background propagation; false if there was nothing to delete.</summary>
    public bool DeleteObject(string apiVersion, string kind, string? ns, string name)
    {
        var definition = Resolve(apiVersion, kind);
        try
        {
            _state.Writer.Delete(definition, definition.Namespaced ? ns ?? "default" : null, name, DeleteOptions.Default);
            return true;
        }
        catch (ApiException error) when (error.Code == 404)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _state.Store.DropWatches();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Connections that did not close in time are dropped by disposal.
        }

        await _app.DisposeAsync();
    }

    private ResourceDefinition Resolve(string apiVersion, string kind)
    {
        _state.RefreshRegistry();
        return _state.Registry.FindByKind(apiVersion, kind)
            ?? throw new ArgumentException($"no resource serves {kind} in {apiVersion}");
    }

    private static JsonObject Translate(Func<JsonObject> action)
    {
        try
        {
            return action();
        }
        catch (ApiException error)
        {
            throw new InvalidOperationException($"{error.Code} {error.Reason}: {error.Message}", error);
        }
    }
}
