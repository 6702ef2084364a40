namespace NodeLocalDns.DnsCache.Server;

/// <summary>Indexes into <see cref="ZoneStats.Plugins"/>: which handler wrote a response.</summary>
internal static class PluginIndex
{
    public const int None = 0;
    public const int Cache = 1;
    public const int Forward = 2;
    public const int Hosts = 3;
    public const int Template = 4;
    public const int Errors = 5;
}
