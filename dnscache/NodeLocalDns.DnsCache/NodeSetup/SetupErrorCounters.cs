using System.Text;
using NodeLocalDns.DnsCache.Observability;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// <c>coredns_nodecache_setup_errors_total{errortype}</c>, node-cache's metric with its name, help and
/// labels, every series present from the start at 0 (so alerts on <c>increase()</c> see the first error).
/// </summary>
internal sealed class SetupErrorCounters
{
    /// <summary>The family, to be served beside the DNS metrics on the Corefile's <c>prometheus</c> port too.</summary>
    public MetricFamily Family => _family;

    private readonly MetricFamily _family = new(
        "coredns_nodecache_setup_errors_total",
        "The number of errors during periodic network setup for node-cache",
        "counter",
        ["errortype"]);

    /// <summary>Creates every series at 0.</summary>
    public SetupErrorCounters()
    {
        foreach (var type in Enum.GetValues<SetupErrorType>())
        {
            _family.Counter(Label(type));
        }
    }

    /// <summary>Counts one error.</summary>
    public void Increment(SetupErrorType type) => _family.Counter(Label(type)).Increment();

    /// <summary>The current count (tests).</summary>
    public long Value(SetupErrorType type) => _family.Counter(Label(type)).Value;

    /// <summary>The Prometheus text exposition.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        _family.WriteTo(text);
        return text.ToString();
    }

    /// <summary>The label value node-cache uses.</summary>
    public static string Label(SetupErrorType type) => type switch
    {
        SetupErrorType.Iptables => "iptables",
        SetupErrorType.IptablesLock => "iptables_lock",
        SetupErrorType.InterfaceAdd => "interface_add",
        SetupErrorType.InterfaceCheck => "interface_check",
        SetupErrorType.ConfigMap => "configmap",
        SetupErrorType.Nftables => "nftables",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
