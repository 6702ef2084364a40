using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Syntax;

public sealed class CorefileParserTests
{
    // One row per construct of the grammar: input, then the tree it must produce.
    [TestCase(".:53 {\n    errors\n}", ".:53 { errors }", TestName = "Parse_RootBlock")]
    [TestCase(".:53 {\n}", ".:53 { }", TestName = "Parse_EmptyBlock")]
    [TestCase("example.org example.com:1053 {\n whoami\n}", "example.org example.com:1053 { whoami }", TestName = "Parse_SeveralKeysOnOneLine")]
    [TestCase("a.org, b.org,\n  c.org {\n whoami\n}", "a.org b.org c.org { whoami }", TestName = "Parse_CommaContinuedKeys")]
    [TestCase("dns://.:53 tls://example.org:853 https://x.org grpc://y.org {\n whoami\n}",
        "dns://.:53 tls://example.org:853 https://x.org grpc://y.org { whoami }", TestName = "Parse_TransportPrefixes")]
    [TestCase("Example.ORG. {\n whoami\n}", "Example.ORG. { whoami }", TestName = "Parse_KeysKeptAsWritten")]
    [TestCase("0.0.10.in-addr.arpa 10.0.0.0/24 fd00::/64 {\n whoami\n}",
        "0.0.10.in-addr.arpa 10.0.0.0/24 fd00::/64 { whoami }", TestName = "Parse_ReverseZones")]
    [TestCase(".:53\n{\n errors\n}", ".:53 { errors }", TestName = "Parse_BraceOnTheLineAfterKeys")]
    [TestCase(".:53 {\n forward . 1.1.1.1 8.8.8.8 {\n  force_tcp\n  policy sequential\n }\n cache 30\n}",
        ".:53 { forward . 1.1.1.1 8.8.8.8 { force_tcp; policy sequential }; cache 30 }", TestName = "Parse_NestedBlock")]
    [TestCase(".:53 {\n a {\n  b {\n   c 1\n  }\n }\n}", ".:53 { a { b { c 1 } } }", TestName = "Parse_DeeplyNestedBlock")]
    [TestCase(".:53 {\n cache {\n }\n}", ".:53 { cache { } }", TestName = "Parse_EmptyNestedBlock")]
    [TestCase(".:53 { }", ".:53 { }", TestName = "Parse_EmptyBlockOnOneLine")]
    [TestCase(".:53 {\n cache { }\n}", ".:53 { cache { } }", TestName = "Parse_EmptyNestedBlockOnOneLine")]
    [TestCase(".:53 { whoami\n}", ".:53 { whoami }", TestName = "Parse_DirectiveOnTheBraceLine")]
    [TestCase(".:53 { # the root\n errors # log them\n # before cache\n cache 30\n} # done", ".:53 { errors; cache 30 }", TestName = "Parse_CommentsAnywhere")]
    [TestCase(".:53 {\n template IN A {\n  answer \"{{ .Name }} 60 IN A 127.0.0.1\"\n }\n}",
        ".:53 { template IN A { answer «{{ .Name }} 60 IN A 127.0.0.1» } }", TestName = "Parse_QuotedArgument")]
    [TestCase(".:53 {\n kubernetes cluster.local {\n  endpoint {.spec.clusterIP}\n }\n}",
        ".:53 { kubernetes cluster.local { endpoint {.spec.clusterIP} } }", TestName = "Parse_BracesInsideTokens")]
    [TestCase(".:{$PORT} {\n bind {$POD_IP} {%HOST%}\n}", ".:{$PORT} { bind {$POD_IP} {%HOST%} }", TestName = "Parse_EnvPlaceholdersKeptVerbatim")]
    [TestCase("(common) {\n errors\n cache 30\n}\n.:53 {\n import common\n forward . 1.1.1.1\n}",
        ".:53 { errors; cache 30; forward . 1.1.1.1 }", TestName = "Parse_SnippetImport")]
    [TestCase("(blocks) {\n a.org {\n  whoami\n }\n}\nimport blocks\nb.org {\n whoami\n}",
        "a.org { whoami } | b.org { whoami }", TestName = "Parse_SnippetImportAtTopLevel")]
    [TestCase("(opts) {\n force_tcp\n}\n.:53 {\n forward . 1.1.1.1 {\n  import opts\n }\n}",
        ".:53 { forward . 1.1.1.1 { force_tcp } }", TestName = "Parse_SnippetImportInsideNestedBlock")]
    [TestCase("(a) {\n errors\n}\n(b) {\n import a\n log\n}\n.:53 {\n import b\n import b\n}",
        ".:53 { errors; log; errors; log }", TestName = "Parse_NestedSnippetsImportedTwice")]
    [TestCase(".:53\nerrors\nforward . 1.1.1.1", ".:53 { errors; forward . 1.1.1.1 }", TestName = "Parse_SingleBlockWithoutBraces")]
    [TestCase(".:53", ".:53 { }", TestName = "Parse_KeysOnly")]
    [TestCase("", "", TestName = "Parse_EmptyFile")]
    [TestCase("# only a comment\n", "", TestName = "Parse_OnlyComments")]
    [TestCase(".:53 {\n hosts {\n  10.0.0.1 a.example.org\n  fallthrough\n }\n}\n" +
        "some.corp:53 {\n errors\n cache 30\n forward . 10.1.2.3 10.4.5.6\n}",
        ".:53 { hosts { 10.0.0.1 a.example.org; fallthrough } } | some.corp:53 { errors; cache 30; forward . 10.1.2.3 10.4.5.6 }",
        TestName = "Parse_TwoBlocks")]
    [TestCase("a.org {\n whoami\n}\n\n\n   b.org    {\n\twhoami\n   }", "a.org { whoami } | b.org { whoami }", TestName = "Parse_RaggedWhitespace")]
    [TestCase(".:53 {\n \"\" x\n}", ".:53 { «» x }", TestName = "Parse_EmptyQuotedWord")]
    [TestCase(".:53 {\n rewrite name \"import\" x\n}", ".:53 { rewrite name import x }", TestName = "Parse_ImportAsArgumentIsAWord")]
    public void Parse_ValidInput_ProducesTree(string input, string expected)
    {
        var document = CorefileParser.Parse(input);
        Assert.That(TreeNotation.Of(document), Is.EqualTo(expected));
    }

    // Failure rows: every broken input gives a located error a person can act on.
    [TestCase(".:53 {\n errors\n", "Corefile:1:6", "never closed", TestName = "Fail_MissingClosingBrace")]
    [TestCase(".:53 {\n errors\n}\n}", "Corefile:4:1", "no open block", TestName = "Fail_ExtraClosingBrace")]
    [TestCase(".:53 {\n forward . 1.1.1.1 {\n  force_tcp\n}", "Corefile:1:6", "never closed", TestName = "Fail_UnclosedNestedBlock")]
    [TestCase("{\n errors\n}", "Corefile:1:1", "no key", TestName = "Fail_BlockWithoutKey")]
    [TestCase(".:53 {\n import nothing\n}", "Corefile:2:9", "not a snippet", TestName = "Fail_UnknownSnippet")]
    [TestCase("(a) {\n import b\n}\n(b) {\n import a\n}\n.:53 {\n import a\n}", "Corefile:5:9", "import cycle", TestName = "Fail_SnippetCycle")]
    [TestCase("(a) {\n import a\n}\n.:53 {\n import a\n}", "Corefile:2:9", "import cycle", TestName = "Fail_SnippetImportsItself")]
    [TestCase(".:53 {\n import a b\n}", "Corefile:2:11", "one argument", TestName = "Fail_ImportWithTwoArguments")]
    [TestCase(".:53 {\n import\n errors\n}", "Corefile:2:2", "needs one argument", TestName = "Fail_ImportWithoutArgument")]
    [TestCase(".:53 {\n import \"\"\n}", "Corefile:2:9", "non-empty", TestName = "Fail_ImportEmptyName")]
    [TestCase(".:53 {\n hosts \"x\n}", "Corefile:2:8", "never closed", TestName = "Fail_UnterminatedQuote")]
    [TestCase("a.org,\n{\n whoami\n}", "Corefile:2:1", "trailing ','", TestName = "Fail_TrailingCommaBeforeBrace")]
    [TestCase("a.org,", "Corefile:1:1", "no key follows", TestName = "Fail_TrailingCommaAtEnd")]
    [TestCase(".:53 {\n forward . 1.1.1.1 {\n  force_tcp\n } except x\n}", "Corefile:4:4", "after '}'", TestName = "Fail_TokensAfterClosingBrace")]
    [TestCase("a.org {\n whoami\n} b.org {\n whoami\n}", "Corefile:3:3", "after '}'", TestName = "Fail_KeyAfterClosingBraceOnSameLine")]
    [TestCase(".:53 {\n forward . 1.1.1.1\n {\n  force_tcp\n }\n}", "Corefile:3:2", "must end the line", TestName = "Fail_BraceOnItsOwnLineInBlock")]
    [TestCase("a.org {\n whoami\n}\nb.org\n whoami\n}", "Corefile:5:2", "expected '{'", TestName = "Fail_SecondBlockWithoutBrace")]
    [TestCase(".:53\n errors\n}", "Corefile:3:1", "no open block", TestName = "Fail_BracelessBlockWithClosingBrace")]
    [TestCase("(a) {\n errors\n}\n(a) {\n log\n}", "Corefile:4:1", "defined twice", TestName = "Fail_SnippetDefinedTwice")]
    [TestCase("(a)\n.:53 {\n}", "Corefile:2:1", "must be followed by '{'", TestName = "Fail_SnippetWithoutBlock")]
    [TestCase("(a) {\n errors\n", "Corefile:1:5", "never closed", TestName = "Fail_UnclosedSnippet")]
    [TestCase(".:53 {\n errors\n}}", "Corefile:3:1", "not a directive", TestName = "Fail_GluedBraces")]
    [TestCase("}", "Corefile:1:1", "no open block", TestName = "Fail_LoneClosingBrace")]
    [TestCase(".:53 {\n cache { success 9984 30 }\n}", "Corefile:2:26", "must start a line", TestName = "Fail_OneLineNestedBlock")]
    [TestCase("a.org:53 { errors cache 30 forward . /etc/resolv.conf }", "Corefile:1:55", "folded onto one line", TestName = "Fail_FoldedBlock")]
    [TestCase(".:53 {\n a {\n  b 1\n } }", "Corefile:4:4", "after '}'", TestName = "Fail_TwoClosingBracesOnOneLine")]
    [TestCase(".:53 {\n errors\n}....", "Corefile:3:1", "glued", TestName = "Fail_BraceGluedToText")]
    [TestCase("health\n\n. {\n whoami\n}", "Corefile:3:1", "forget '{'", TestName = "Fail_BracelessBodyThatIsNotADirective")]
    public void Parse_BrokenInput_FailsWithLocatedMessage(string input, string position, string words)
    {
        var error = Assert.Throws<CorefileException>(() => CorefileParser.Parse(input));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Position.ToString(), Is.EqualTo(position), error.Message);
            Assert.That(error.Message, Does.StartWith(position + ": ").And.Contain(words));
        });
    }

    [Test]
    public void Parse_EnvironmentLookup_ExpandsPlaceholdersEverywhere()
    {
        var env = new Dictionary<string, string> { ["PORT"] = "1053", ["IP"] = "169.254.20.10", ["WIN"] = "x" };
        var document = CorefileParser.Parse(".:{$PORT} {\n bind {$IP} {%WIN%} {$UNSET}end\n}",
            new ParseOptions { Environment = n => env.GetValueOrDefault(n) });
        Assert.That(TreeNotation.Of(document), Is.EqualTo(".:1053 { bind 169.254.20.10 x end }"));
    }

    [Test]
    public void Parse_KeepComments_AttachesCommentsToTheirNodes()
    {
        var document = CorefileParser.Parse(
            "# root zone\n.:53 { # main\n # errors first\n errors # log\n" +
            " forward . 1.1.1.1 { # opts\n  force_tcp\n  # inside\n }\n # last\n}\n# tail",
            new ParseOptions { KeepComments = true });
        var block = document.ServerBlocks[0];
        Assert.Multiple(() =>
        {
            Assert.That(block.Comments.Leading, Is.EqualTo(new[] { " root zone" }));
            Assert.That(block.Comments.Trailing, Is.EqualTo(" main"));
            Assert.That(block.Directives[0].Comments.Leading, Is.EqualTo(new[] { " errors first" }));
            Assert.That(block.Directives[0].Comments.Trailing, Is.EqualTo(" log"));
            Assert.That(block.Directives[1].Comments.Trailing, Is.EqualTo(" opts"));
            Assert.That(block.Directives[1].ClosingComments, Is.EqualTo(new[] { " inside" }));
            Assert.That(block.ClosingComments, Is.EqualTo(new[] { " last" }));
            Assert.That(document.ClosingComments, Is.EqualTo(new[] { " tail" }));
        });
    }

    [Test]
    public void Parse_Positions_PointAtKeysDirectivesAndArguments()
    {
        var document = CorefileParser.Parse("\n  some.corp:53 {\n    forward . 10.1.2.3\n}");
        var block = document.ServerBlocks[0];
        Assert.Multiple(() =>
        {
            Assert.That(block.Position.ToString(), Is.EqualTo("Corefile:2:3"));
            Assert.That(block.Directives[0].Position.ToString(), Is.EqualTo("Corefile:3:5"));
            Assert.That(block.Directives[0].Args[1].Position.ToString(), Is.EqualTo("Corefile:3:15"));
        });
    }

    [Test]
    public void Parse_SnippetTokens_KeepTheirDefinitionPositions()
    {
        var document = CorefileParser.Parse("(s) {\n  forward . 10.0.0.1\n}\n.:53 {\n import s\n}");
        Assert.That(document.ServerBlocks[0].Directives[0].Position.ToString(), Is.EqualTo("Corefile:2:3"));
    }

    [Test]
    public void Parse_ImportsThatMultiply_StopAtTheExpansionCap()
    {
        // Ten levels of snippets that each import the level below twice: 2^10 expansions, no cycle.
        var text = "(s0) {\n errors\n}\n"
            + string.Concat(Enumerable.Range(1, 10).Select(i => $"(s{i}) {{\n import s{i - 1}\n import s{i - 1}\n}}\n"))
            + ".:53 {\n import s10\n}";
        var error = Assert.Throws<CorefileException>(() => CorefileParser.Parse(text));
        Assert.That(error!.Message, Does.Contain("more than 1000 snippet imports"));
        Assert.That(CorefileParser.Parse(text, new ParseOptions { MaxImportExpansions = 5000 }).ServerBlocks[0].Directives, Has.Count.EqualTo(1024));
    }

    [Test]
    public void Parse_DirectivesBeforeAndAfterImport_StayOnSeparateLines()
    {
        var document = CorefileParser.Parse("(s) {\n log\n}\n.:53 {\n errors\n import s\n cache 30\n}");
        Assert.That(TreeNotation.Of(document), Is.EqualTo(".:53 { errors; log; cache 30 }"));
    }
}
