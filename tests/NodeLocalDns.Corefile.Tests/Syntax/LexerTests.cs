using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Tests.Syntax;

public sealed class LexerTests
{
    [TestCase("a b  c", new[] { "a", "b", "c" })]
    [TestCase("a\tb\r\nc", new[] { "a", "b", "c" })]
    [TestCase("\"a b\" c", new[] { "a b", "c" })]
    [TestCase("\"say \\\"hi\\\"\"", new[] { "say \"hi\"" })]
    [TestCase("\"C:\\path\"", new[] { "C:\\path" })]
    [TestCase("a # comment\nb", new[] { "a", "b" })]
    [TestCase("word#comment", new[] { "word" })]
    [TestCase("{$HOME} {.spec.clusterIP} {", new[] { "{$HOME}", "{.spec.clusterIP}", "{" })]
    [TestCase("\"\" x", new[] { "", "x" })]
    [TestCase("a\"b\"", new[] { "a\"b\"" })]
    [TestCase("\uFEFF.:53", new[] { ".:53" })]
    [TestCase("", new string[0])]
    public void Tokenize_Input_YieldsWords(string input, string[] expected)
    {
        var tokens = Lexer.Tokenize(input, "Corefile");
        Assert.That(tokens.Select(t => t.Text), Is.EqualTo(expected));
    }

    [Test]
    public void Tokenize_Positions_AreOneBasedLineAndColumn()
    {
        var tokens = Lexer.Tokenize(".:53 {\n    forward . 10.0.0.1\n}", "Corefile");
        Assert.That(tokens.Select(t => t.Position.ToString()), Is.EqualTo(new[]
        {
            "Corefile:1:1", "Corefile:1:6", "Corefile:2:5", "Corefile:2:13", "Corefile:2:15", "Corefile:3:1",
        }));
    }

    [Test]
    public void Tokenize_QuotedStringAcrossLines_KeepsStartAndEndLine()
    {
        var tokens = Lexer.Tokenize("a \"x\ny\" b", "f");
        Assert.Multiple(() =>
        {
            Assert.That(tokens[1].Text, Is.EqualTo("x\ny"));
            Assert.That(tokens[1].Position.Line, Is.EqualTo(1));
            Assert.That(tokens[1].EndLine, Is.EqualTo(2));
            Assert.That(tokens[2].Position.ToString(), Is.EqualTo("f:2:4"));
        });
    }

    [Test]
    public void Tokenize_QuotedBraces_AreNotBraces()
    {
        var tokens = Lexer.Tokenize("\"{\" { \"import\" import", "f");
        Assert.That(tokens.Select(t => (t.IsOpenBrace, t.IsImport)), Is.EqualTo(new[] { (false, false), (true, false), (false, false), (false, true) }));
    }

    [Test]
    public void Tokenize_KeepComments_EmitsCommentTokens()
    {
        var tokens = Lexer.Tokenize("# top\n.:53 { # after brace\n}", "f", keepComments: true);
        Assert.That(tokens.Where(t => t.Kind == TokenKind.Comment).Select(t => (t.Text, t.Position.ToString())),
            Is.EqualTo(new[] { (" top", "f:1:1"), (" after brace", "f:2:8") }));
    }

    [Test]
    public void Tokenize_UnterminatedQuote_FailsAtTheOpeningQuote()
    {
        var error = Assert.Throws<CorefileException>(() => Lexer.Tokenize(".:53 {\n  hosts \"oops\n}", "Corefile"));
        Assert.That(error!.Message, Does.StartWith("Corefile:2:9: ").And.Contain("never closed"));
    }
}
