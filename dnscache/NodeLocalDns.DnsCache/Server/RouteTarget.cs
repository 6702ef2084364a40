namespace NodeLocalDns.DnsCache.Server;

/// <summary>Where a zone of a listen endpoint is served: the block's pipeline and the zone's metrics.</summary>
internal sealed record RouteTarget(ServerPipeline Pipeline, ZoneStats Stats);
