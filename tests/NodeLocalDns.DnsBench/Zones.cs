using System.Text;

namespace NodeLocalDns.DnsBench;

/// <summary>The authoritative data: example.test with many hosts and a wildcard (for unique-name misses), and a cluster.local with services.</summary>
internal static class Zones
{
    public const int Services = 200;

    public static string ExampleTest(int hosts)
    {
        var sb = new StringBuilder();
        sb.AppendLine("$ORIGIN example.test.").AppendLine("$TTL 3600");
        sb.AppendLine("@ 3600 IN SOA ns1 hostmaster 1 3600 600 86400 300").AppendLine("@ IN NS ns1").AppendLine("ns1 IN A 127.0.0.1");
        sb.AppendLine("www IN A 192.0.2.10").AppendLine("www IN AAAA 2001:db8::10");
        sb.AppendLine("*.miss IN A 192.0.2.200");
        for (var i = 0; i < hosts; i++)
        {
            sb.Append('h').Append(i).Append(" IN A 10.").Append((i >> 16) & 255).Append('.').Append((i >> 8) & 255).Append('.').Append(i & 255).Append('\n');
        }

        return sb.ToString();
    }

    public static string ClusterLocal()
    {
        var sb = new StringBuilder();
        sb.AppendLine("$ORIGIN cluster.local.").AppendLine("$TTL 30");
        sb.AppendLine("@ 30 IN SOA ns.dns hostmaster 1 7200 1800 86400 30").AppendLine("@ IN NS ns.dns").AppendLine("ns.dns IN A 10.96.0.10");
        for (var i = 0; i < Services; i++)
        {
            sb.Append("svc").Append(i).Append(".default.svc IN A 10.96.").Append(i / 250).Append('.').Append(i % 250).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The first <paramref name="count"/> host names, one query per line (dnsperf's data format).</summary>
    public static string Hits(int count) => string.Join('\n', Enumerable.Range(0, count).Select(i => $"h{i}.example.test A")) + "\n";

    /// <summary>
    /// What a pod with the default ndots:5 and search path default.svc.cluster.local svc.cluster.local
    /// cluster.local sends: every name is tried with each suffix first (NXDOMAIN) before the real name;
    /// in-cluster names resolve at the first try.
    /// </summary>
    public static string KubernetesSearchPath(int external)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < external; i++)
        {
            var name = $"h{i}.example.test";
            foreach (var type in new[] { "A", "AAAA" })
            {
                sb.Append(name).Append(".default.svc.cluster.local ").Append(type).Append('\n');
                sb.Append(name).Append(".svc.cluster.local ").Append(type).Append('\n');
                sb.Append(name).Append(".cluster.local ").Append(type).Append('\n');
                sb.Append(name).Append(' ').Append(type).Append('\n');
            }

            sb.Append("svc").Append(i % Services).Append(".default.svc.cluster.local A\n");
        }

        return sb.ToString();
    }

    /// <summary>Names nobody asked before (served by the wildcard), unique per run by <paramref name="tag"/>.</summary>
    public static string Misses(string tag, int count) => string.Join('\n', Enumerable.Range(0, count).Select(i => $"u{i}-{tag}.miss.example.test A")) + "\n";
}
