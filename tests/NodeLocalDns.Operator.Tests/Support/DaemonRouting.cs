using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Zones;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>
/// Where the daemon would send a name, read through the daemon's own config loader: the server block
/// chosen by longest suffix (as the daemon routes) and that block's forward targets.
/// </summary>
internal static class DaemonRouting
{
    public static (string Zone, string Targets) Route(string corefile, string name)
    {
        var config = DnsCacheConfigLoader.Load(corefile);
        var matcher = new ZoneMatcher<ServerConfig>();
        foreach (var server in config.Servers)
        {
            foreach (var zone in server.Zones)
            {
                matcher.Set(zone.Zone, server);
            }
        }

        Assert.That(matcher.TryMatch(name, out var found, out var block), Is.True, $"no block serves {name}");
        return (ZoneNames.ToDisplay(found), block.Forward is { } forward ? string.Join(' ', forward.To) : "(no forward)");
    }
}
