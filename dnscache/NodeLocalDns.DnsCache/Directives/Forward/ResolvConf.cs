using System.Net;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>Reads the <c>nameserver</c> lines of a resolv.conf file (forward's file targets), as CoreDNS's parse.HostPortOrFile does.</summary>
internal static class ResolvConf
{
    public static IReadOnlyList<IPEndPoint> Nameservers(string path)
    {
        var result = new List<IPEndPoint>();
        foreach (var line in File.ReadAllLines(path))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver" && IPAddress.TryParse(fields[1].Split('%')[0], out var address))
            {
                result.Add(new IPEndPoint(address, 53));
            }
        }

        if (result.Count == 0)
        {
            throw new InvalidOperationException($"{path} has no nameserver line; forward needs at least one upstream.");
        }

        return result;
    }
}
