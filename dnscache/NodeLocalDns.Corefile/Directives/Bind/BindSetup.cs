using System.Net;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Bind;

/// <summary>
/// Parses <c>bind ADDRESS...</c> (CoreDNS plugin/bind/setup.go) into the block's listen addresses. Several
/// <c>bind</c> lines add up, so this appends to what earlier lines gave.
/// </summary>
internal static class BindSetup
{
    public static ServerConfig Apply(ServerConfig config, Directive directive)
    {
        DirectiveArgs.Count(directive, 1, int.MaxValue, "bind ADDRESS...");
        DirectiveArgs.NoBlock(directive);
        var binds = new List<IPAddress>(config.ListenAddresses);
        foreach (var arg in directive.Args)
        {
            if (arg.Value == "except")
            {
                throw DirectiveArgs.Error(arg, "bind 'except' is not supported by dnscache; list the addresses to listen on.");
            }

            var ip = DirectiveArgs.Ip(arg, "bind address");
            if (binds.Contains(ip))
            {
                throw DirectiveArgs.Error(arg, $"bind address {ip} is listed twice; remove one.");
            }

            binds.Add(ip);
        }

        return config with { ListenAddresses = new ValueList<IPAddress>(binds) };
    }
}
