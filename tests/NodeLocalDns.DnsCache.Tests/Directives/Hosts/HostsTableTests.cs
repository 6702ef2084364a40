using System.Net;
using NodeLocalDns.DnsCache.Directives.Hosts;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Directives.Hosts;

public sealed class HostsTableTests
{
    [Test]
    public void NamesThatAreNotDomainNames_AreSkipped_NotTakenForTheRoot()
    {
        var text = $"10.0.0.1 good.example.test {new string('a', 64)}.example.test empty..example.test\n";
        var table = new HostsTable(HostsTable.Parse(text), noReverse: true);
        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.EqualTo(1));
            Assert.That(table.Forward.TryGetValue(Wire.Name("good.example.test"), out var good) && good.V4.Single().Equals(IPAddress.Parse("10.0.0.1")));
            Assert.That(table.Forward.TryGetValue([0], out _), Is.False, "the root name has no address");
        });
    }
}
