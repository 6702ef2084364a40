using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation;

namespace NodeLocalDns.Operator.KubeApi;

/// <summary>
/// Records Kubernetes Events on a NodeLocalDns through the API server (the reconciler's <see cref="IEventRecorder"/>).
/// Events are best effort: a failure to record one is logged, never fatal.
/// </summary>
public sealed partial class EventRecorder(IKubernetes client, TimeProvider time, ILogger<EventRecorder> logger) : IEventRecorder
{
    /// <summary>The component name events carry.</summary>
    public const string Component = "nodelocal-operator";

    // Events about a cluster-scoped object live in the "default" namespace, as kubectl describe expects.
    private const string EventNamespace = "default";

    /// <inheritdoc />
    public Task NormalAsync(V1Alpha1NodeLocalDns subject, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(subject, "Normal", reason, message, cancellationToken);

    /// <inheritdoc />
    public Task WarningAsync(V1Alpha1NodeLocalDns subject, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(subject, "Warning", reason, message, cancellationToken);

    private async Task RecordAsync(V1Alpha1NodeLocalDns subject, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var @event = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = $"{subject.Metadata.Name}.", NamespaceProperty = EventNamespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = subject.ApiVersion,
                Kind = subject.Kind,
                Name = subject.Metadata.Name,
                Uid = subject.Metadata.Uid,
                ResourceVersion = subject.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message.Length > 1024 ? message[..1021] + "..." : message,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(@event, EventNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEventFailed(logger, reason, subject.Metadata.Name, e);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Could not record event {Reason} on NodeLocalDns {Name}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string name, Exception exception);
}
