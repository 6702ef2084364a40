using NodeLocalDns.Corefile.Directives;
using NodeLocalDns.DnsCache.Server;

namespace NodeLocalDns.DnsCache.Tests.Server;

/// <summary>The processor calls the handlers one by one (no chain, no allocation); the order it does so in is the table's.</summary>
public sealed class RequestProcessorOrderTests
{
    [Test]
    public void HandlerOrder_IsTheDirectiveTablesRequestPath() =>
        Assert.That(RequestProcessor.HandlerOrder, Is.EqualTo(DirectiveTable.RequestPath));
}
