namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// A query waiting on a <see cref="UdpUpstreamChannel"/>: how to complete it, the question its answer must
/// carry, and when it times out (<see cref="Environment.TickCount64"/> milliseconds).
/// </summary>
internal sealed record PendingQuery(TaskCompletionSource<byte[]> Completion, byte[] Question, long Deadline);
