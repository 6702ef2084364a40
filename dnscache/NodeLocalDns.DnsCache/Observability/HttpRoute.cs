namespace NodeLocalDns.DnsCache.Observability;

/// <summary>One path served by <see cref="ObservabilityHttpServer"/> and the function that answers it.</summary>
internal sealed record HttpRoute(string Path, Func<(int Status, string Body, string ContentType)> Answer);
