namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>A parsed <c>meta/v1 DeleteOptions</c> (body or query parameters).</summary>
internal sealed record DeleteOptions(
    PropagationPolicy Propagation = PropagationPolicy.Background,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    bool DryRun = false)
{
    public static readonly DeleteOptions Default = new();
}
