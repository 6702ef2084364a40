using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Syntax;

public sealed class ImportTests
{
    private const string AksCorefile = """
        .:53 {
            errors
            forward . /etc/resolv.conf
            import custom/*.override
        }
        import custom/*.server
        """;

    private static InMemoryCorefileSource CustomConfigMap(params (string Key, string Text)[] keys) =>
        new InMemoryCorefileSource().AddDirectory("/etc/coredns/custom", keys.Select(k => KeyValuePair.Create(k.Key, k.Text)), "coredns-custom");

    [Test]
    public void Import_GlobOverConfigMapKeys_ExpandsInOrder()
    {
        var files = CustomConfigMap(
            ("b.server", "b.corp:53 {\n    forward . 10.0.0.2\n}"),
            ("a.server", "a.corp:53 {\n    forward . 10.0.0.1\n}"),
            ("log.override", "log"),
            ("unused.txt", "garbage {"));
        var document = CorefileParser.Parse(AksCorefile, new ParseOptions { Files = files });
        Assert.Multiple(() =>
        {
            Assert.That(TreeNotation.Of(document), Is.EqualTo(
                ".:53 { errors; forward . /etc/resolv.conf; log } | a.corp:53 { forward . 10.0.0.1 } | b.corp:53 { forward . 10.0.0.2 }"));
            Assert.That(document.ServerBlocks[1].Position.ToString(), Is.EqualTo("coredns-custom/a.server:1:1"));
            Assert.That(document.ServerBlocks[1].Directives[0].Args[1].Position.ToString(), Is.EqualTo("coredns-custom/a.server:2:15"));
        });
    }

    [Test]
    public void Import_GlobWithoutMatches_IsAWarningNotAnError()
    {
        var document = CorefileParser.Parse(AksCorefile, new ParseOptions { Files = CustomConfigMap() });
        Assert.Multiple(() =>
        {
            Assert.That(TreeNotation.Of(document), Is.EqualTo(".:53 { errors; forward . /etc/resolv.conf }"));
            Assert.That(document.Warnings.Select(w => w.ToString()), Is.EqualTo(new[]
            {
                "Corefile:4:12: no file matches the import pattern 'custom/*.override' (/etc/coredns/custom/*.override).",
                "Corefile:6:8: no file matches the import pattern 'custom/*.server' (/etc/coredns/custom/*.server).",
            }));
        });
    }

    [Test]
    public void Import_MissingPlainFile_FailsWithLocation()
    {
        var error = Assert.Throws<CorefileException>(
            () => CorefileParser.Parse(".:53 {\n import extra.conf\n}", new ParseOptions { Files = new InMemoryCorefileSource() }));
        Assert.That(error!.Message,
            Is.EqualTo("Corefile:2:9: 'extra.conf' is neither a snippet defined above nor a file that exists (/etc/coredns/extra.conf)."));
    }

    [Test]
    public void Import_BrokenImportedFile_ReportsTheImportedFilesPosition()
    {
        var files = CustomConfigMap(("bad.server", "x.corp:53 {\n  forward . 1.1.1.1\n"));
        var error = Assert.Throws<CorefileException>(() => CorefileParser.Parse(AksCorefile, new ParseOptions { Files = files }));
        Assert.That(error!.Message, Does.StartWith("coredns-custom/bad.server:1:11: "));
    }

    [Test]
    public void Import_MissingPlainFileWhenAllowed_IsAWarning()
    {
        var document = CorefileParser.Parse(".:53 {\n import extra.conf\n}",
            new ParseOptions { Files = new InMemoryCorefileSource(), MissingFileIsError = false });
        Assert.That(document.Warnings.Single().ToString(),
            Is.EqualTo("Corefile:2:9: no file matches the import pattern 'extra.conf' (/etc/coredns/extra.conf)."));
    }

    [Test]
    public void Import_FileCycle_IsReportedWithTheChain()
    {
        var files = new InMemoryCorefileSource()
            .Add("/etc/coredns/a.conf", "import b.conf", "a.conf")
            .Add("/etc/coredns/b.conf", "import a.conf", "b.conf");
        var error = Assert.Throws<CorefileException>(() => CorefileParser.Parse("import a.conf", new ParseOptions { Files = files }));
        Assert.That(error!.Message, Does.StartWith("b.conf:1:8: import cycle: ")
            .And.Contain("'/etc/coredns/a.conf' (Corefile:1:1) → '/etc/coredns/b.conf' (a.conf:1:1)"));
    }

    [Test]
    public void Import_FileImportingItself_IsACycle()
    {
        var files = new InMemoryCorefileSource().Add("/etc/coredns/Corefile", "import Corefile");
        var error = Assert.Throws<CorefileException>(() => CorefileParser.Parse("import Corefile", new ParseOptions { Files = files }));
        Assert.That(error!.Message, Does.Contain("import cycle"));
    }

    [Test]
    public void Import_TwoWildcards_AreRefusedAsCoreDnsDoes()
    {
        var error = Assert.Throws<CorefileException>(
            () => CorefileParser.Parse("import */*.server", new ParseOptions { Files = new InMemoryCorefileSource() }));
        Assert.That(error!.Message, Does.StartWith("Corefile:1:8: ").And.Contain("only one wildcard"));
    }

    [Test]
    public void Import_FileWithoutSource_SaysFilesCannotBeRead()
    {
        var error = Assert.Throws<CorefileException>(() => CorefileParser.Parse(".:53 {\n import custom/*.override\n}"));
        Assert.That(error!.Message, Does.Contain("file imports cannot be read here"));
    }

    [Test]
    public void Import_RelativeImportInsideImportedFile_ResolvesFromThatFilesDirectory()
    {
        var files = new InMemoryCorefileSource()
            .Add("/etc/coredns/custom/zones.server", "import ../shared/opts.conf", "coredns-custom/zones.server")
            .Add("/etc/coredns/shared/opts.conf", "a.org {\n whoami\n}", "shared/opts.conf");
        var document = CorefileParser.Parse("import custom/zones.server", new ParseOptions { Files = files });
        Assert.That(TreeNotation.Of(document), Is.EqualTo("a.org { whoami }"));
    }

    [Test]
    public void Import_AbsolutePath_IsUsedAsIs()
    {
        var files = new InMemoryCorefileSource().Add("/etc/coredns/NodeHosts", "10.0.0.1 node1");
        var document = CorefileParser.Parse(".:53 {\n hosts {\n  import /etc/coredns/NodeHosts\n }\n}", new ParseOptions { Files = files });
        Assert.That(TreeNotation.Of(document), Is.EqualTo(".:53 { hosts { 10.0.0.1 node1 } }"));
    }
}
