using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Cache;

/// <summary>Parses <c>cache</c> (CoreDNS plugin/cache/setup.go: <c>cacheParse</c>), with the same defaults and limits.</summary>
internal static class CacheSetup
{
    private const string Syntax = "cache [TTL] [ZONES...]";

    public static CacheOptions Parse(Directive directive)
    {
        var options = new CacheOptions();
        var args = directive.Args;
        var zoneStart = 0;
        if (args.Count > 0 && args[0].Value.StartsWith('-'))
        {
            throw DirectiveArgs.Error(args[0], $"cache TTL can not be zero or negative: {args[0].Value}; write a TTL in seconds of at least 1.");
        }

        if (args.Count > 0 && args[0].Value.All(char.IsAsciiDigit))
        {
            // "cache 30": caps both the positive and the negative TTL.
            var ttl = DirectiveArgs.TtlSeconds(args[0], "cache TTL");
            options = options with { SuccessMaxTtl = ttl, DenialMaxTtl = ttl };
            zoneStart = 1;
        }

        var zones = args.Skip(zoneStart).SelectMany(DirectiveArgs.Zones).ToList();
        if (zones.Count > 0)
        {
            options = options with { Zones = new ValueList<string>(zones) };
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in directive.Children)
        {
            var name = child.Name.Value;
            if (!seen.Add(name))
            {
                throw DirectiveArgs.Error(child, $"cache option '{name}' is given twice; keep one.");
            }

            options = name switch
            {
                "success" => ParseSuccess(child, options),
                "denial" => ParseDenial(child, options),
                "prefetch" => options with { Prefetch = ParsePrefetch(child) },
                "serve_stale" => options with { ServeStale = ParseServeStale(child) },
                "servfail" => ParseServfail(child, options),
                "disable" => ParseDisable(child, options),
                "keepttl" => ParseKeepTtl(child, options),
                _ => throw DirectiveArgs.Error(
                    child,
                    $"'{name}' is not an option of cache; use success, denial, prefetch, serve_stale, servfail, disable or keepttl."),
            };
        }

        return options;
    }

    private static CacheOptions ParseSuccess(Directive d, CacheOptions o)
    {
        var (capacity, maxTtl, minTtl) = ParseCapacityAndTtls(d, "success", o.SuccessMaxTtl, o.SuccessMinTtl);
        return o with { SuccessCapacity = capacity, SuccessMaxTtl = maxTtl, SuccessMinTtl = minTtl };
    }

    private static CacheOptions ParseDenial(Directive d, CacheOptions o)
    {
        var (capacity, maxTtl, minTtl) = ParseCapacityAndTtls(d, "denial", o.DenialMaxTtl, o.DenialMinTtl);
        return o with { DenialCapacity = capacity, DenialMaxTtl = maxTtl, DenialMinTtl = minTtl };
    }

    // success and denial share their syntax: CAPACITY [TTL] [MINTTL]; TTLs not given keep their current values.
    private static (int Capacity, TimeSpan MaxTtl, TimeSpan MinTtl) ParseCapacityAndTtls(Directive d, string kind, TimeSpan maxTtl, TimeSpan minTtl)
    {
        DirectiveArgs.Count(d, 1, 3, $"{kind} CAPACITY [TTL] [MINTTL]");
        var capacity = DirectiveArgs.Int(d.Args[0], 1, int.MaxValue, $"{kind} capacity");
        if (d.Args.Count > 1)
        {
            maxTtl = DirectiveArgs.TtlSeconds(d.Args[1], $"{kind} TTL");
        }

        if (d.Args.Count > 2)
        {
            minTtl = DirectiveArgs.TtlSeconds(d.Args[2], $"{kind} minimum TTL", 0);
            if (minTtl > maxTtl)
            {
                throw DirectiveArgs.Error(d.Args[2], $"{kind} minimum TTL is larger than its TTL; make it smaller.");
            }
        }

        return (capacity, maxTtl, minTtl);
    }

    private static PrefetchOptions ParsePrefetch(Directive d)
    {
        DirectiveArgs.Count(d, 1, 3, "prefetch AMOUNT [DURATION [PERCENTAGE%]]");
        var amount = DirectiveArgs.Int(d.Args[0], 1, int.MaxValue, "prefetch amount");
        var duration = d.Args.Count > 1 ? DirectiveArgs.Duration(d.Args[1], "prefetch duration", TimeSpan.FromSeconds(1)) : TimeSpan.FromMinutes(1);
        var percentage = 10;
        if (d.Args.Count > 2)
        {
            var p = d.Args[2];
            if (!p.Value.EndsWith('%'))
            {
                throw DirectiveArgs.Error(p, $"prefetch percentage '{p.Value}' must end with '%', such as 10%.");
            }

            percentage = DirectiveArgs.Int(new Argument(p.Value[..^1], p.Position), 0, 100, "prefetch percentage");
        }

        return new PrefetchOptions(amount, duration, percentage);
    }

    private static ServeStaleOptions ParseServeStale(Directive d)
    {
        DirectiveArgs.Count(d, 0, 2, "serve_stale [DURATION] [immediate|verify]");
        var duration = d.Args.Count > 0 ? DirectiveArgs.Duration(d.Args[0], "serve_stale duration", TimeSpan.Zero) : TimeSpan.FromHours(1);
        var verify = false;
        if (d.Args.Count > 1)
        {
            verify = d.Args[1].Value switch
            {
                "immediate" => false,
                "verify" => true,
                _ => throw DirectiveArgs.Error(d.Args[1], $"serve_stale refresh mode '{d.Args[1].Value}' is unknown; use immediate or verify."),
            };
        }

        return new ServeStaleOptions(duration, verify);
    }

    private static CacheOptions ParseServfail(Directive d, CacheOptions o)
    {
        DirectiveArgs.Count(d, 1, 1, "servfail DURATION");
        return o with { ServfailTtl = DirectiveArgs.Duration(d.Args[0], "servfail duration", TimeSpan.Zero, TimeSpan.FromMinutes(5)) };
    }

    private static CacheOptions ParseDisable(Directive d, CacheOptions o)
    {
        DirectiveArgs.Count(d, 1, int.MaxValue, "disable success|denial [ZONES...]");
        foreach (var zone in d.Args.Skip(1))
        {
            _ = DirectiveArgs.Zones(zone).ToList();
        }

        return d.Args[0].Value switch
        {
            "success" => o with { DisableSuccess = true },
            "denial" => o with { DisableDenial = true },
            _ => throw DirectiveArgs.Error(d.Args[0], $"cache can disable 'success' or 'denial', not '{d.Args[0].Value}'."),
        };
    }

    private static CacheOptions ParseKeepTtl(Directive d, CacheOptions o)
    {
        DirectiveArgs.Count(d, 0, 0, "keepttl");
        return o with { KeepTtl = true };
    }

    internal static string SyntaxLine => Syntax;
}
