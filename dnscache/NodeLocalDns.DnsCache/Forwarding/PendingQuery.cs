namespace NodeLocalDns.DnsCache.Forwarding;

/// <summary>A query waiting on a <see cref="UdpUpstreamChannel"/>: how to complete it and the question its answer must carry.</summary>
internal sealed record PendingQuery(TaskCompletionSource<byte[]> Completion, byte[] Question);
