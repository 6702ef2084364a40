using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Directives;
using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Tests.Directives;

/// <summary>The directive table (dnscache's plugin.cfg) is consistent, follows CoreDNS, and drives the loader.</summary>
public sealed class DirectiveTableTests
{
    // coredns/coredns plugin.cfg, restricted to the directives dnscache has; the rest of its order does not matter here.
    private static readonly string[] CoreDnsPluginCfgOrder =
        ["reload", "bind", "ready", "health", "prometheus", "errors", "log", "cache", "template", "hosts", "loop", "forward"];

    [Test]
    public void Names_AreUnique() =>
        Assert.That(DirectiveTable.Names, Is.Unique);

    [Test]
    public void Order_NumbersTheDirectivesFromOne() =>
        Assert.That(DirectiveTable.Directives.Select(d => d.Order).Order(), Is.EqualTo(Enumerable.Range(1, DirectiveTable.Directives.Count)));

    [Test]
    public void ExecutionOrder_IsCoreDnsPluginCfgOrder() =>
        Assert.That(DirectiveTable.ExecutionOrder.Select(d => d.Name), Is.EqualTo(CoreDnsPluginCfgOrder));

    [Test]
    public void RequestPath_IsTheHandlersInExecutionOrder() =>
        Assert.That(DirectiveTable.RequestPath, Is.EqualTo(new[] { "errors", "log", "cache", "template", "hosts", "loop", "forward" }));

    [Test]
    public void Repeatable_AreBindAndTemplate() =>
        Assert.That(DirectiveTable.Directives.Where(d => d.Repeatable).Select(d => d.Name), Is.EquivalentTo(new[] { "bind", "template" }));

    [Test]
    public void KnownUnsupported_AreNotSupported() =>
        Assert.That(DirectiveTable.KnownUnsupported.Intersect(DirectiveTable.Names), Is.Empty);

    [TestCase("errors")]
    [TestCase("cache")]
    [TestCase("bind")]
    [TestCase("template")]
    public void Find_KnownName_GivesItsRow(string name) =>
        Assert.That(DirectiveTable.Find(name)!.Name, Is.EqualTo(name));

    [TestCase("kubernetes")]
    [TestCase("Cache")]
    [TestCase("")]
    public void Find_OtherName_GivesNull(string name) =>
        Assert.That(DirectiveTable.Find(name), Is.Null);

    // The whole sentence, byte for byte: it lists the table in row order.
    [TestCase("frobnicate",
        "Corefile:2:3: unknown directive 'frobnicate'; " +
        "dnscache supports errors, log, cache, forward, bind, reload, loop, health, ready, prometheus, hosts, template.")]
    [TestCase("kubernetes",
        "Corefile:2:3: directive 'kubernetes' is a CoreDNS plugin that dnscache does not have; " +
        "remove it (dnscache supports errors, log, cache, forward, bind, reload, loop, health, ready, prometheus, hosts, template).")]
    public void Load_DirectiveNotInTheTable_NamesEveryRow(string directive, string message)
    {
        var e = Assert.Throws<CorefileException>(() => DnsCacheConfigLoader.Load($".:53 {{\n  {directive}\n}}"))!;
        Assert.That(e.Message, Is.EqualTo(message));
    }

    [Test]
    public void Load_NonRepeatableTwice_PointsAtTheFirst()
    {
        var e = Assert.Throws<CorefileException>(() => DnsCacheConfigLoader.Load(".:53 {\n  cache 30\n  forward . 10.0.0.1\n  cache 60\n}"))!;
        Assert.That(e.Message, Is.EqualTo("Corefile:4:3: directive 'cache' is given twice in this server block (first at line 2); keep one."));
    }

    [Test]
    public void Load_RepeatableDirectives_AddUp()
    {
        var server = DnsCacheConfigLoader.Load(".:53 {\n  bind 127.0.0.1\n  template IN A\n  bind ::1\n  template IN AAAA\n}").Servers[0];
        Assert.Multiple(() =>
        {
            Assert.That(server.ListenAddresses.Select(a => a.ToString()), Is.EqualTo(new[] { "127.0.0.1", "::1" }));
            Assert.That(server.Templates.Select(t => t.Type), Is.EqualTo(new[] { "A", "AAAA" }));
        });
    }

    [Test]
    public void Load_BindAddressRepeatedAcrossLines_IsListedTwice()
    {
        var e = Assert.Throws<CorefileException>(() => DnsCacheConfigLoader.Load(".:53 {\n  bind 127.0.0.1\n  bind 127.0.0.1\n}"))!;
        Assert.That(e.Message, Is.EqualTo("Corefile:3:8: bind address 127.0.0.1 is listed twice; remove one."));
    }
}
