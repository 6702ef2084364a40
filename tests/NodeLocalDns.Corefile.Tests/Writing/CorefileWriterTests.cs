using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Writing;

namespace NodeLocalDns.Corefile.Tests.Writing;

public sealed class CorefileWriterTests
{
    [Test]
    public void Write_RaggedInput_PrintsCanonicalForm()
    {
        var document = CorefileParser.Parse(
            ".:53   {\nerrors\n   forward  .  1.1.1.1 {\n force_tcp\n   }\ncache {\n   success 9984 30\n }\n}\n" +
            "some.corp:53 { \n\n whoami\n}");
        Assert.That(CorefileWriter.Write(document), Is.EqualTo("""
            .:53 {
                errors
                forward . 1.1.1.1 {
                    force_tcp
                }
                cache {
                    success 9984 30
                }
            }

            some.corp:53 {
                whoami
            }

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Write_Comments_ArePreservedWhenKept()
    {
        const string text = """
            # root zone
            .:53 { # main
                # errors first
                errors # log
                forward . 1.1.1.1 { # opts
                    force_tcp
                    # inside
                }
                # last
            }
            # tail

            """;
        var document = CorefileParser.Parse(text, new ParseOptions { KeepComments = true });
        Assert.Multiple(() =>
        {
            Assert.That(CorefileWriter.Write(document), Is.EqualTo(text.ReplaceLineEndings("\n")));
            Assert.That(CorefileWriter.Write(document, new CorefileWriterOptions { IncludeComments = false }), Does.Not.Contain("#"));
        });
    }

    [TestCase("", "\"\"")]
    [TestCase("a b", "\"a b\"")]
    [TestCase("{", "\"{\"")]
    [TestCase("}", "\"}\"")]
    [TestCase("#x", "\"#x\"")]
    [TestCase("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [TestCase("{$ENV}", "{$ENV}")]
    [TestCase("{.spec.clusterIP}", "{.spec.clusterIP}")]
    [TestCase("C:\\dir", "C:\\dir")]
    [TestCase("line\nbreak", "\"line\nbreak\"")]
    public void Word_NeedsQuotingOnlyWhenTheLexerWouldMisreadIt(string value, string written)
    {
        Assert.That(CorefileWriter.Word(value, atLineStart: false), Is.EqualTo(written));
    }

    [TestCase("{.spec.clusterIP}", "\"{.spec.clusterIP}\"")]
    [TestCase("}x", "\"}x\"")]
    [TestCase("{$PLUGIN}", "{$PLUGIN}")]
    public void Word_BraceFirstAtLineStart_IsQuoted(string value, string written) =>
        Assert.That(CorefileWriter.Word(value, atLineStart: true), Is.EqualTo(written));

    [Test]
    public void Word_ImportAtLineStart_IsQuotedSoItStaysADirectiveName()
    {
        Assert.That(CorefileWriter.Word("import", atLineStart: true), Is.EqualTo("\"import\""));
    }

    [TestCase("a\\\"b c")]
    [TestCase("ends with\\")]
    public void Word_Unrepresentable_IsRefused(string value)
    {
        Assert.Throws<ArgumentException>(() => CorefileWriter.Word(value, atLineStart: false));
    }

    [Test]
    public void Write_KeyThatWouldReadAsSnippet_IsRefused()
    {
        var document = new CorefileDocument([new ServerBlock(["(x)"], [])]);
        Assert.Throws<ArgumentException>(() => CorefileWriter.Write(document));
    }

    [Test]
    public void Write_BuiltTree_ParsesBackEqual()
    {
        var document = new CorefileDocument(
        [
            new ServerBlock(["cluster.local:53"],
            [
                new Directive("errors", []),
                new Directive("cache", [], [new Directive("success", ["9984", "30"]), new Directive("denial", ["9984", "5"])]),
                new Directive("forward", [".", "10.96.0.11"], [new Directive("force_tcp", [])]),
                new Directive("template", ["IN", "AAAA"], [new Directive("answer", ["{{ .Name }} 60 IN AAAA ::1"])]),
            ]),
        ]);
        Assert.That(CorefileParser.Parse(CorefileWriter.Write(document)), Is.EqualTo(document));
    }
}
