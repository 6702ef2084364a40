namespace NodeLocalDns.DnsCache.CommandLine;

/// <summary>
/// Parses arguments the way Go's <c>flag</c> package does, because node-cache's manifests, kubespray and
/// Helm charts pass them that way: <c>-name value</c>, <c>-name=value</c>, <c>--name</c> and <c>--name=value</c>;
/// a boolean is set by <c>-name</c> and cleared only by <c>-name=false</c>; <c>--</c> ends the flags.
/// Names match whole (so <c>-health-port</c> is never read as <c>-h</c>, the bug that made a swapped-in image
/// print its help and exit 0). Unlike Go, which stops at the first non-flag and silently keeps the rest
/// (so <c>-setupiptables false</c> leaves every later flag unread), a stray argument is an error.
/// </summary>
internal static class GoFlagParser
{
    /// <summary>Applies <paramref name="args"/> to <paramref name="flags"/>; true when help was asked for.</summary>
    /// <exception cref="FlagParseException">An argument cannot be used; the message names it.</exception>
    public static bool Parse(IReadOnlyList<string> args, IReadOnlyList<FlagDefinition> flags)
    {
        var byName = new Dictionary<string, FlagDefinition>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            foreach (var name in flag.Names)
            {
                byName.Add(name, flag);
            }
        }

        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                if (i + 1 < args.Count)
                {
                    throw new FlagParseException($"unexpected argument '{args[i + 1]}'; dnscache takes flags only");
                }

                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                throw new FlagParseException(i > 0 && IsBoolWithoutValue(args[i - 1], byName)
                    ? $"unexpected argument '{arg}'; a boolean flag takes its value after '=': {args[i - 1]}={arg}"
                    : $"unexpected argument '{arg}'; dnscache takes flags only");
            }

            var body = arg[1] == '-' ? arg[2..] : arg[1..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
            {
                throw new FlagParseException($"bad flag syntax: {arg}");
            }

            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? body : body[..equals];
            string? value = equals < 0 ? null : body[(equals + 1)..];
            if (!byName.TryGetValue(name, out var definition))
            {
                if (name is "h" or "help")
                {
                    help = true;
                    continue;
                }

                throw new FlagParseException($"flag provided but not defined: -{name} (run dnscache -help for the list)");
            }

            if (definition.IsBool)
            {
                value ??= "true";
            }
            else if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new FlagParseException($"flag needs an argument: -{name}");
                }

                value = args[++i];
            }

            var problem = definition.Apply(value);
            if (problem is not null)
            {
                throw new FlagParseException($"invalid value \"{value}\" for flag -{name}: {problem}");
            }
        }

        return help;
    }

    /// <summary>Go's accepted spellings of a boolean (<c>strconv.ParseBool</c>).</summary>
    public static bool? ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    private static bool IsBoolWithoutValue(string previous, Dictionary<string, FlagDefinition> byName)
    {
        var body = previous.TrimStart('-');
        return previous.StartsWith('-') && !body.Contains('=', StringComparison.Ordinal) && byName.TryGetValue(body, out var flag) && flag.IsBool;
    }
}
