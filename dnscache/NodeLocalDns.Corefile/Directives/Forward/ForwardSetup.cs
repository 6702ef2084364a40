using System.Net;
using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Forward;

/// <summary>Parses <c>forward</c> (CoreDNS plugin/forward/setup.go: <c>parseStanza</c>, <c>parseBlock</c>).</summary>
internal static class ForwardSetup
{
    private const string Syntax =
        "forward FROM TO... [{ except; force_tcp; prefer_udp; expire; max_fails; policy; health_check; max_concurrent; randomize_case }]";

    public static ForwardOptions Parse(Directive directive)
    {
        DirectiveArgs.Count(directive, 2, int.MaxValue, Syntax);
        var fromZones = DirectiveArgs.Zones(directive.Args[0]).ToList();
        if (fromZones.Count != 1)
        {
            throw DirectiveArgs.Error(directive.Args[0], "forward FROM must be a single zone, not a network that spans several reverse zones.");
        }

        var targets = new List<UpstreamTarget>();
        foreach (var arg in directive.Args.Skip(1))
        {
            // As in CoreDNS's parse.HostPortOrFile: a path (contains '/') is a resolv.conf file.
            targets.Add(arg.Value.Contains('/', StringComparison.Ordinal) && !arg.Value.Contains("://", StringComparison.Ordinal)
                ? UpstreamTarget.File(arg.Value) with { Position = arg.Position }
                : UpstreamTarget.Address(Target(arg)) with { Position = arg.Position });
        }

        if (targets.Count > ForwardOptions.MaxUpstreams)
        {
            throw DirectiveArgs.Error(directive.Args[ForwardOptions.MaxUpstreams + 1], $"forward takes at most {ForwardOptions.MaxUpstreams} upstreams.");
        }

        var options = new ForwardOptions(fromZones[0], new ValueList<UpstreamTarget>(targets));
        Directive? forceTcp = null;
        Directive? preferUdp = null;
        foreach (var child in directive.Children)
        {
            switch (child.Name.Value)
            {
                case "except":
                    DirectiveArgs.Count(child, 1, int.MaxValue, "except IGNORED_NAMES...");
                    options = options with { Except = new ValueList<string>(options.Except.Concat(child.Args.SelectMany(DirectiveArgs.Zones))) };
                    break;
                case "force_tcp":
                    DirectiveArgs.Count(child, 0, 0, "force_tcp");
                    forceTcp = child;
                    options = options with { ForceTcp = true };
                    break;
                case "prefer_udp":
                    DirectiveArgs.Count(child, 0, 0, "prefer_udp");
                    preferUdp = child;
                    options = options with { PreferUdp = true };
                    break;
                case "expire":
                    DirectiveArgs.Count(child, 1, 1, "expire DURATION");
                    options = options with { Expire = DirectiveArgs.Duration(child.Args[0], "expire", TimeSpan.Zero) };
                    break;
                case "max_fails":
                    DirectiveArgs.Count(child, 1, 1, "max_fails INTEGER");
                    options = options with { MaxFails = DirectiveArgs.Int(child.Args[0], 0, int.MaxValue, "max_fails") };
                    break;
                case "policy":
                    DirectiveArgs.Count(child, 1, 1, $"policy {string.Join('|', ForwardPolicyNames.All)}");
                    options = options with
                    {
                        Policy = ForwardPolicyNames.TryParse(child.Args[0].Value, out var policy)
                            ? policy
                            : throw DirectiveArgs.Error(
                                child.Args[0],
                                $"forward policy '{child.Args[0].Value}' is unknown; " +
                                $"use {string.Join(", ", ForwardPolicyNames.All.SkipLast(1))} or {ForwardPolicyNames.All[^1]}."),
                    };
                    break;
                case "health_check":
                    options = ParseHealthCheck(child, options);
                    break;
                case "max_concurrent":
                    DirectiveArgs.Count(child, 1, 1, "max_concurrent MAX");
                    options = options with { MaxConcurrent = DirectiveArgs.Int(child.Args[0], 1, int.MaxValue, "max_concurrent") };
                    break;
                case "failfast_all_unhealthy_upstreams":
                    DirectiveArgs.Count(child, 0, 0, "failfast_all_unhealthy_upstreams");
                    options = options with { FailFastAllUnhealthy = true };
                    break;
                case "randomize_case":
                    // dnscache's own option (see ForwardOptions.RandomizeCase).
                    DirectiveArgs.Count(child, 0, 0, "randomize_case");
                    options = options with { RandomizeCase = true };
                    break;
                case "tls" or "tls_servername" or "next" or "max_idle_conns":
                    throw DirectiveArgs.Error(child, $"forward option '{child.Name.Value}' is not supported by dnscache; remove it.");
                default:
                    throw DirectiveArgs.Error(
                        child,
                        $"'{child.Name.Value}' is not an option of forward; use except, force_tcp, prefer_udp, expire, max_fails, " +
                        "policy, health_check, max_concurrent, failfast_all_unhealthy_upstreams or randomize_case.");
            }
        }

        if (forceTcp is not null && preferUdp is not null)
        {
            var later = forceTcp.Position.Line > preferUdp.Position.Line ? forceTcp : preferUdp;
            throw DirectiveArgs.Error(later, "forward cannot use both force_tcp and prefer_udp; keep one.");
        }

        return options;
    }

    private static ForwardOptions ParseHealthCheck(Directive child, ForwardOptions options)
    {
        DirectiveArgs.Count(child, 1, 4, "health_check DURATION [no_rec] [domain FQDN]");
        options = options with { HealthCheckInterval = DirectiveArgs.Duration(child.Args[0], "health_check interval", TimeSpan.Zero) };
        for (var i = 1; i < child.Args.Count; i++)
        {
            switch (child.Args[i].Value)
            {
                case "no_rec":
                    options = options with { HealthCheckRecursionDesired = false };
                    break;
                case "domain" when i + 1 < child.Args.Count:
                    options = options with { HealthCheckDomain = DirectiveArgs.Zones(child.Args[++i]).First() };
                    break;
                case "domain":
                    throw DirectiveArgs.Error(child.Args[i], "health_check 'domain' needs a name after it.");
                default:
                    throw DirectiveArgs.Error(child.Args[i], $"'{child.Args[i].Value}' is not an option of health_check; use no_rec or domain FQDN.");
            }
        }

        return options;
    }

    /// <summary>A forward target: <c>IP</c>, <c>IP:PORT</c>, <c>[IPv6]:PORT</c>, optionally with <c>dns://</c>.</summary>
    private static IPEndPoint Target(Argument arg)
    {
        DirectiveArgs.NotPlaceholder(arg);
        var text = arg.Value;
        if (text.StartsWith("dns://", StringComparison.OrdinalIgnoreCase))
        {
            text = text[6..];
        }
        else if (text.Contains("://", StringComparison.Ordinal))
        {
            throw DirectiveArgs.Error(arg, $"forward target '{arg.Value}' uses a transport dnscache does not speak; use a plain IP[:PORT] or dns://IP[:PORT].");
        }

        var port = 53;
        string host;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw DirectiveArgs.Error(arg, $"forward target '{arg.Value}' opens '[' without closing it; write [IPv6]:PORT.");
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    throw DirectiveArgs.Error(arg, $"forward target '{arg.Value}' has text after ']' that is not ':PORT'.");
                }

                port = DirectiveArgs.Int(new Argument(rest[1..], arg.Position), 1, 65535, "forward port");
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            port = DirectiveArgs.Int(new Argument(text[(colon + 1)..], arg.Position), 1, 65535, "forward port");
        }
        else
        {
            host = text;
        }

        if (IPAddress.TryParse(host, out var ip) && DirectiveArgs.LooksLikeIp(host))
        {
            return new IPEndPoint(ip, port);
        }

        if (host.Length > 0 && host.Any(char.IsAsciiLetter) && !host.Contains('/', StringComparison.Ordinal))
        {
            // kubernetes/dns#539: node-cache accepted a host name here and the forward plugin then
            // crash-looped; refuse it up front.
            throw DirectiveArgs.Error(
                arg,
                $"forward target '{arg.Value}' is a host name; forward needs IP addresses " +
                "(a name would have to be resolved through this very cache). Write the upstream's IP address.");
        }

        throw DirectiveArgs.Error(arg, $"forward target '{arg.Value}' is not an IP address, IP:PORT or a resolv.conf path.");
    }
}
