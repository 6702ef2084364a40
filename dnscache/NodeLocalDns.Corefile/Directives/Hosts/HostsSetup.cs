using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Hosts;

/// <summary>Parses <c>hosts</c> (CoreDNS plugin/hosts/setup.go). Inline lines are <c>IP NAME...</c> inside the block.</summary>
internal static class HostsSetup
{
    public static HostsOptions Parse(Directive directive)
    {
        var path = directive.Args.Count > 0 ? directive.Args[0].Value : "/etc/hosts";
        var zones = directive.Args.Skip(1).SelectMany(DirectiveArgs.Zones).ToList();
        var options = new HostsOptions(path, new ValueList<string>(zones.Count == 0 ? ["."] : zones), ValueList<HostsEntry>.Empty);
        var inline = new List<HostsEntry>();
        foreach (var child in directive.Children)
        {
            switch (child.Name.Value)
            {
                case "ttl":
                    DirectiveArgs.Count(child, 1, 1, "ttl SECONDS");
                    options = options with { Ttl = DirectiveArgs.Int(child.Args[0], 0, int.MaxValue, "hosts ttl") };
                    break;
                case "no_reverse":
                    DirectiveArgs.Count(child, 0, 0, "no_reverse");
                    options = options with { NoReverse = true };
                    break;
                case "reload":
                    DirectiveArgs.Count(child, 1, 1, "reload DURATION");
                    options = options with { ReloadInterval = DirectiveArgs.Duration(child.Args[0], "hosts reload", TimeSpan.Zero) };
                    break;
                case "fallthrough":
                    options = options with { Fallthrough = new ValueList<string>(child.Args.SelectMany(DirectiveArgs.Zones)) };
                    break;
                default:
                    if (!DirectiveArgs.LooksLikeIp(child.Name.Value))
                    {
                        throw DirectiveArgs.Error(
                            child,
                            $"'{child.Name.Value}' is neither an option of hosts (ttl, no_reverse, reload, fallthrough) " +
                            "nor an inline 'IP NAME...' entry.");
                    }

                    var ip = DirectiveArgs.Ip(child.Name, "hosts entry address");
                    DirectiveArgs.Count(child, 1, int.MaxValue, "IP NAME...");
                    inline.Add(new HostsEntry(ip, new ValueList<string>(child.Args.SelectMany(DirectiveArgs.Zones))));
                    break;
            }
        }

        return options with { Inline = new ValueList<HostsEntry>(inline) };
    }
}
