using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace NodeLocalDns.Operator.Hosting;

/// <summary>
/// The process behind <c>nodelocal-operator run</c>: the operator worker, plus <c>/healthz</c>,
/// <c>/readyz</c> and <c>/metrics</c> over HTTP for the Deployment's probes and Prometheus.
/// </summary>
public static class OperatorHost
{
    /// <summary>Builds the host; <see cref="WebApplication.RunAsync(string?)"/> runs it.</summary>
    public static WebApplication Build(OperatorRunOptions options, IKubernetes? client = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var urls = new[] { options.MetricsAddress, options.HealthAddress }.Where(a => a.Length > 0).Select(Url).Distinct().ToArray();
        builder.WebHost.UseUrls(urls);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(client ?? new k8s.Kubernetes(KubernetesClientFactory.Configuration(options.Kubeconfig)));
        builder.Services.AddSingleton<OperatorState>();
        builder.Services.AddHostedService<OperatorWorker>();

        var app = builder.Build();
        var state = app.Services.GetRequiredService<OperatorState>();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => state.IsReady ? Results.Text($"ok ({state.Phase})\n") : Results.Text($"not ready ({state.Phase}{(state.Problem is { } problem ? ": " + problem : string.Empty)})\n", statusCode: 503));
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }

    /// <summary><c>:8080</c> → <c>http://0.0.0.0:8080</c>; <c>127.0.0.1:0</c> → <c>http://127.0.0.1:0</c>.</summary>
    public static string Url(string address) =>
        address.StartsWith(':') ? $"http://0.0.0.0{address}" : address.Contains("://", StringComparison.Ordinal) ? address : $"http://{address}";
}
