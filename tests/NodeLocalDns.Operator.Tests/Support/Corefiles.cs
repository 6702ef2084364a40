using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Tests.Support;

/// <summary>Builds reader inputs from Corefile text in tests.</summary>
internal static class Corefiles
{
    public static ClusterDnsInputs Inputs(string corefile, params (string Key, string Text)[] customKeys) => new()
    {
        CoreDns = ConfigMap("coredns", ("Corefile", corefile)),
        Mounted = customKeys.Length == 0 ? [] : [new MountedConfigMap(ConfigMap("coredns-custom", customKeys), ClusterDnsInputs.CustomMountPath)],
    };

    /// <summary>The 1-based line of the first line of <paramref name="text"/> that starts with <paramref name="prefix"/>.</summary>
    public static int LineOf(string text, string prefix) =>
        text.Split('\n').Select((line, index) => (line, index)).First(l => l.line.StartsWith(prefix, StringComparison.Ordinal)).index + 1;

    public static ConfigMapData ConfigMap(string name, params (string Key, string Text)[] data) =>
        new("kube-system", name, data.ToDictionary(d => d.Key, d => d.Text));

    public static ClusterDnsConfig Read(string corefile, params (string Key, string Text)[] customKeys) =>
        ClusterDnsReader.Read(Inputs(corefile, customKeys));

    /// <summary>The kubeadm default root block, with extra lines inserted before its closing brace.</summary>
    public static string Kubeadm(string extraRootLines = "") => $$"""
        .:53 {
            errors
            health {
               lameduck 5s
            }
            ready
            kubernetes cluster.local in-addr.arpa ip6.arpa {
               pods insecure
               fallthrough in-addr.arpa ip6.arpa
               ttl 30
            }
            prometheus :9153
            forward . /etc/resolv.conf {
               max_concurrent 1000
            }
            cache 30
            loop
            reload
            loadbalance
        {{extraRootLines}}
        }

        """;

    public const string SomeCorp = """
        some.corp:53 {
            errors
            cache 30
            forward . 10.1.2.3 10.4.5.6
        }

        """;
}
