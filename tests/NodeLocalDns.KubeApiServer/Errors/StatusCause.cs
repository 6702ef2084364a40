namespace NodeLocalDns.KubeApiServer.Errors;

/// <summary>One entry of <c>Status.details.causes</c> (e.g. a field that failed validation).</summary>
internal sealed record StatusCause(string Reason, string Message, string? Field = null);
