namespace NodeLocalDns.Testing;

/// <summary>
/// NUnit categories for tests that need more than the .NET SDK. <c>make test-unit</c> runs everything
/// outside them in seconds, without apt-get; <c>make test</c> runs all of them.
/// </summary>
/// <example><code>[Category(TestCategories.Peers)]</code> on a fixture that starts unbound.</example>
public static class TestCategories
{
    /// <summary>Real Debian DNS programs: dnsmasq, unbound, knotd, dnsdist, dig, dnsperf.</summary>
    public const string Peers = "Peers";

    /// <summary>The real <c>kubectl</c> binary.</summary>
    public const string Kubectl = "Kubectl";

    /// <summary>The project's own executables started as processes (built or published).</summary>
    public const string Processes = "Processes";

    /// <summary>Network namespaces, veth pairs and firewall rules (root, iproute2, iptables, nftables).</summary>
    public const string NetworkNamespaces = "NetworkNamespaces";

    /// <summary>The real <c>helm</c> binary (fetched by <c>make deps</c>).</summary>
    public const string Helm = "Helm";

    /// <summary>Container images built and run with podman.</summary>
    public const string Images = "Images";
}
