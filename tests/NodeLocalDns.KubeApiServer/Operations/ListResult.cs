using NodeLocalDns.KubeApiServer.Storage;

namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>One page of a list, read at <see cref="ResourceVersion"/>.</summary>
internal sealed record ListResult(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
