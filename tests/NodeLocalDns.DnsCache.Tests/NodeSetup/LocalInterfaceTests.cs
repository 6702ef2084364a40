using System.Net;
using NodeLocalDns.DnsCache.NodeSetup;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Namespaces;

namespace NodeLocalDns.DnsCache.Tests.NodeSetup;

/// <summary>The interface holding the local IPs, set up for real in a namespace of the test's own.</summary>
[Category(TestCategories.NetworkNamespaces)]
[CancelAfter(60_000)]
public sealed class LocalInterfaceTests
{
    private static readonly IPAddress[] Addresses = [IPAddress.Parse("169.254.20.10"), IPAddress.Parse("10.96.0.10"), IPAddress.Parse("fd00::a")];

    [Test]
    public async Task Ensure_CreatesTheInterfaceWithEveryAddress_FallingBackWhenDummyIsMissing()
    {
        await using var ns = await NetworkNamespace.CreateAsync("iface");
        var link = new LocalInterface("nodelocaldns", Addresses, new CommandRunner(TimeSpan.FromSeconds(10), ns.ExecPrefix));

        var sync = await link.EnsureAsync(CancellationToken.None);

        Assert.That(sync.Error, Is.Null);
        // This kernel has no dummy link type (measured); a kernel with it would take dummy.
        var dummy = await ns.RunAsync("ip", "link", "add", "probe0", "type", "dummy");
        Assert.That(sync.CreatedAs, Is.EqualTo(dummy.ExitCode == 0 ? "dummy" : "bridge"));
        Assert.That(LocalInterface.ParseAddresses(await ns.RunCheckedAsync("ip", "-j", "addr", "show", "dev", "nodelocaldns")), Is.EquivalentTo(Addresses));
        Assert.That(sync.AddedAddresses, Is.EquivalentTo(Addresses));
    }

    [Test]
    public async Task Ensure_PutsBackARemovedAddress_AndDoesNothingWhenAllIsThere()
    {
        await using var ns = await NetworkNamespace.CreateAsync("iface");
        var link = new LocalInterface("nodelocaldns", Addresses, new CommandRunner(TimeSpan.FromSeconds(10), ns.ExecPrefix));
        await link.EnsureAsync(CancellationToken.None);
        await ns.RunCheckedAsync("ip", "addr", "del", "10.96.0.10/32", "dev", "nodelocaldns");

        var repaired = await link.EnsureAsync(CancellationToken.None);
        var idle = await link.EnsureAsync(CancellationToken.None);

        Assert.That(repaired.CreatedAs, Is.Null);
        Assert.That(repaired.AddedAddresses, Is.EqualTo(new[] { IPAddress.Parse("10.96.0.10") }));
        Assert.That(idle.AddedAddresses, Is.Empty);
        Assert.That(LocalInterface.ParseAddresses(await ns.RunCheckedAsync("ip", "-j", "addr", "show", "dev", "nodelocaldns")), Is.EquivalentTo(Addresses));
    }

    [Test]
    public async Task Ensure_AdoptsAnExistingLink_AndRemoveDeletesIt()
    {
        await using var ns = await NetworkNamespace.CreateAsync("iface");
        await ns.RunCheckedAsync("ip", "link", "add", "nodelocaldns", "type", "bridge");
        await ns.RunCheckedAsync("ip", "addr", "add", "169.254.20.10/32", "dev", "nodelocaldns");
        var link = new LocalInterface("nodelocaldns", Addresses, new CommandRunner(TimeSpan.FromSeconds(10), ns.ExecPrefix));

        var sync = await link.EnsureAsync(CancellationToken.None);
        Assert.That(sync.CreatedAs, Is.Null);
        Assert.That(sync.AddedAddresses, Has.Count.EqualTo(2));

        Assert.That(await link.RemoveAsync(CancellationToken.None), Is.Null);
        Assert.That((await ns.RunAsync("ip", "link", "show", "nodelocaldns")).ExitCode, Is.Not.Zero);
        Assert.That(await link.RemoveAsync(CancellationToken.None), Is.Null, "removing a missing interface is not an error");
    }

    [Test]
    public async Task AnAddressOnTheInterface_CanBeBoundAndReachedFromAnotherNamespace()
    {
        await using var node = await NetworkNamespace.CreateAsync("node");
        await using var pod = await NetworkNamespace.CreateAsync("pod");
        await node.ConnectAsync(pod, "10.244.0.1/24", "10.244.0.2/24");
        await pod.RunCheckedAsync("ip", "route", "add", "169.254.20.10/32", "via", "10.244.0.1");
        var link = new LocalInterface("nodelocaldns", [IPAddress.Parse("169.254.20.10")], new CommandRunner(TimeSpan.FromSeconds(10), node.ExecPrefix));
        await link.EnsureAsync(CancellationToken.None);

        // The interface stays down, as node-cache's dummy does, and still receives: local addresses are local.
        var ping = await pod.RunAsync("ping", "-c", "1", "-W", "2", "169.254.20.10");
        Assert.That(ping.ExitCode, Is.Zero, ping.Stdout + ping.Stderr);
    }

    [Test]
    public async Task Ensure_ReportsAFailureInsteadOfThrowing()
    {
        var link = new LocalInterface("nodelocaldns", Addresses, new CommandRunner(TimeSpan.FromSeconds(10), ["/nonexistent/ip-wrapper"]));
        var sync = await link.EnsureAsync(CancellationToken.None);
        Assert.That(sync.ErrorType, Is.EqualTo(SetupErrorType.InterfaceCheck));
        Assert.That(sync.Error, Does.Contain("/nonexistent/ip-wrapper"));
    }
}
