using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Operator.Rendering;

/// <summary>
/// Runs a rendered Corefile through the daemon's own config loader before anything rolls it out, so a
/// Corefile the daemon would refuse (and crash-loop on, on every node at once) never leaves the operator.
/// </summary>
public static class RenderedCorefileValidator
{
    /// <summary>Returns the daemon's reading of <paramref name="corefile"/>.</summary>
    /// <exception cref="CorefileException">The daemon would refuse it; the message is the daemon's, located in the rendered text.</exception>
    public static DnsCacheConfig Validate(string corefile)
    {
        ArgumentNullException.ThrowIfNull(corefile);

        // The node IP is known only on the node; a documentation address of the right family stands in for it.
        var nodeIp = corefile.Contains("[" + NodeCacheSettings.NodeIpPlaceholder, StringComparison.Ordinal) ? "2001:db8::1" : "192.0.2.1";
        return DnsCacheConfigLoader.Load(corefile, new ParseOptions
        {
            FileName = "node-cache Corefile",
            Environment = name => name == NodeCacheSettings.NodeIpVariable ? nodeIp : null,
        });
    }
}
