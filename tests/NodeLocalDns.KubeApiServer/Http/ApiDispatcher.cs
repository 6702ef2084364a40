using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NodeLocalDns.KubeApiServer.Discovery;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Faults;
using NodeLocalDns.KubeApiServer.Monitoring;
using NodeLocalDns.KubeApiServer.Operations;
using NodeLocalDns.KubeApiServer.Selectors;

namespace NodeLocalDns.KubeApiServer.Http;

/// <summary>The single request handler: resolves the request, applies injected faults, counts writes and serves it.</summary>
internal sealed class ApiDispatcher
{
    private readonly ClusterState _state;
    private readonly FaultInjector _faults;
    private readonly RequestMonitor _monitor;
    private readonly WatchStreamer _watches;
    private readonly Func<string> _serverAddress;

    public ApiDispatcher(ClusterState state, FaultInjector faults, RequestMonitor monitor, Func<string> serverAddress)
    {
        _state = state;
        _faults = faults;
        _monitor = monitor;
        _serverAddress = serverAddress;
        _watches = new WatchStreamer(state);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        var request = RequestParser.Parse(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            query,
            RequestBodies.MediaType(context.Request.ContentType) is { Length: > 0 } mediaType ? mediaType : null,
            _state.Registry);
        _monitor.Record(request.Info);
        try
        {
            if (_faults.Check(request.Info) is { } code)
            {
                throw ApiErrors.ForCode(code);
            }

            var accept = new AcceptHeader(context.Request.Headers.Accept.ToString());
            if (request.Kind != RequestKind.NotFound && !accept.AcceptsJson && !accept.WantsAggregatedDiscovery)
            {
                throw ApiErrors.NotAcceptable("only the following media types are accepted: application/json, application/yaml");
            }

            await ServeAsync(context, request, accept);
        }
        catch (ApiException error) when (!context.Response.HasStarted)
        {
            _monitor.RecordRefusal(request.Info, error.Code);
            await HttpResponses.WriteStatusAsync(context, error);
        }
        catch (Exception error) when (error is not OperationCanceledException && !context.Response.HasStarted)
        {
            // Anything unexpected is still answered with a Status, as the apiserver's panic recovery does.
            await HttpResponses.WriteStatusAsync(context, new ApiException(500, "InternalError", "Internal error occurred: " + error.Message));
        }
    }

    private async Task ServeAsync(HttpContext context, ParsedRequest request, AcceptHeader accept)
    {
        var registry = _state.Registry;
        var isGet = request.Info.Method == "GET";
        if (request.Kind != RequestKind.Resource && request.Kind != RequestKind.NotFound && !isGet)
        {
            throw ApiErrors.MethodNotAllowed();
        }

        switch (request.Kind)
        {
            case RequestKind.Version:
                await HttpResponses.WriteJsonAsync(context, 200, VersionInfo.Build(_state.Options.KubernetesVersion));
                return;
            case RequestKind.Health:
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            case RequestKind.CoreApiVersions when accept.WantsAggregatedDiscovery:
                await HttpResponses.WriteJsonAsync(context, 200, AggregatedDiscovery.Build(registry, coreGroup: true), AggregatedDiscovery.ContentType);
                return;
            case RequestKind.CoreApiVersions:
                await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.ApiVersions(_serverAddress()));
                return;
            case RequestKind.ApiGroupList when accept.WantsAggregatedDiscovery:
                await HttpResponses.WriteJsonAsync(context, 200, AggregatedDiscovery.Build(registry, coreGroup: false), AggregatedDiscovery.ContentType);
                return;
            case RequestKind.ApiGroupList:
                await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.ApiGroupList(registry));
                return;
            case RequestKind.ApiGroup:
                await WriteOrNotFoundAsync(context, DiscoveryDocuments.ApiGroupDocument(registry, request.Info.Group!));
                return;
            case RequestKind.ApiResourceList:
                await WriteOrNotFoundAsync(context, DiscoveryDocuments.ApiResourceList(registry, request.Info.Group!, request.Info.Version!));
                return;
            case RequestKind.OpenApiV3Index:
                await HttpResponses.WriteJsonAsync(context, 200, OpenApiV3Documents.Index(registry, _state.Options.KubernetesVersion));
                return;
            case RequestKind.OpenApiV3GroupVersion:
                await WriteOrNotFoundAsync(context, OpenApiV3Documents.GroupVersion(registry, request.Info.Group!, _state.Options.KubernetesVersion));
                return;
            case RequestKind.Resource:
                await ServeResourceAsync(context, request, new ResponseShaper(accept, request.Info.Query, _state.Time));
                return;
            default:
                throw ApiErrors.NotFoundPath();
        }
    }

    private async Task ServeResourceAsync(HttpContext context, ParsedRequest request, ResponseShaper shaper)
    {
        var info = request.Info;
        var definition = request.Definition!;
        var query = info.Query;
        var statusOnly = info.Subresource == "status";
        var writeOptions = new WriteOptions(
            RequestBodies.ParseDryRun(query.GetValueOrDefault("dryRun")),
            query.GetValueOrDefault("fieldManager"),
            query.GetValueOrDefault("force") == "true",
            query.GetValueOrDefault("fieldValidation"));
        switch (info.Verb)
        {
            case "get":
                {
                    var stored = _state.Reader.Get(definition, info.Namespace, info.Name!, query.GetValueOrDefault("resourceVersion"));
                    await HttpResponses.WriteJsonAsync(context, 200, shaper.Single(definition, ObjectWriter.Present(definition, stored.ToJsonObject())));
                    return;
                }

            case "list":
                {
                    var result = _state.Reader.List(definition, info.Namespace, ListOptionsOf(query, definition));
                    await HttpResponses.WriteJsonAsync(context, 200, shaper.List(definition, result));
                    return;
                }

            case "watch":
                await _watches.StreamAsync(context, request, shaper);
                return;
            case "create" when info.Name is null && !statusOnly:
                {
                    var body = await RequestBodies.ReadObjectAsync(context);
                    var result = _state.Writer.Create(definition, info.Namespace, body, writeOptions);
                    await HttpResponses.WriteJsonAsync(context, result.StatusCode, shaper.Single(definition, result.Body));
                    return;
                }

            case "update" when info.Name is not null:
                {
                    var body = await RequestBodies.ReadObjectAsync(context);
                    var result = _state.Writer.Update(definition, info.Namespace, info.Name, body, statusOnly, writeOptions);
                    await HttpResponses.WriteJsonAsync(context, result.StatusCode, shaper.Single(definition, result.Body));
                    return;
                }

            case "patch" when info.Name is not null:
                {
                    var body = await RequestBodies.ReadTextAsync(context);
                    var result = _state.Writer.Patch(definition, info.Namespace, info.Name, info.ContentType ?? string.Empty, body, statusOnly, writeOptions);
                    await HttpResponses.WriteJsonAsync(context, result.StatusCode, shaper.Single(definition, result.Body));
                    return;
                }

            case "delete" when !statusOnly:
                {
                    var options = await RequestBodies.ReadDeleteOptionsAsync(context, query);
                    var result = _state.Writer.Delete(definition, info.Namespace, info.Name!, options);
                    await HttpResponses.WriteJsonAsync(context, result.StatusCode, result.Body);
                    return;
                }

            case "deletecollection":
                {
                    var options = await RequestBodies.ReadDeleteOptionsAsync(context, query);
                    var listOptions = ListOptionsOf(query, definition) with { Limit = null, Continue = null };
                    var matching = _state.Reader.List(definition, info.Namespace, listOptions).Items;
                    await HttpResponses.WriteJsonAsync(context, 200, _state.Writer.DeleteCollection(definition, matching, options));
                    return;
                }

            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    private static ListOptions ListOptionsOf(IReadOnlyDictionary<string, string> query, Registry.ResourceDefinition definition) => new(
        LabelSelector.Parse(query.GetValueOrDefault("labelSelector")),
        FieldSelector.Parse(query.GetValueOrDefault("fieldSelector"), definition.SelectableFields),
        query.GetValueOrDefault("resourceVersion"),
        query.GetValueOrDefault("resourceVersionMatch"),
        query.TryGetValue("limit", out var limit) && int.TryParse(limit, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        query.GetValueOrDefault("continue"));

    private static Task WriteOrNotFoundAsync(HttpContext context, JsonObject? document) =>
        document is null ? throw ApiErrors.NotFoundPath() : HttpResponses.WriteJsonAsync(context, 200, document);
}
