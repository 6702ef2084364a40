using NodeLocalDns.Corefile.Model;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Corefile.Writing;

namespace NodeLocalDns.Corefile.Tests.Writing;

/// <summary>
/// parse(write(x)) == x over generated trees. The generator favours the words that are hard to print:
/// empty ones, white space, quotes, braces, '#', placeholders, backslashes not before a quote.
/// Seeds are fixed so a failure reproduces; each seed is its own case.
/// </summary>
public sealed class RoundTripPropertyTests
{
    private static readonly string[] HardWords =
    [
        "", " ", "a b", "{", "}", "{}", "#", "a#b", "\"", "say \"hi\"", "{$ENV}", "{%WIN%}", "{.spec.clusterIP}", "C:\\x",
        "line\nbreak", "tab\there", "import", "ünïcode", "::1", "[fd00::1]:53", "10.0.0.0/8", "a,", ",",
    ];

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, 200);

    [TestCaseSource(nameof(Seeds))]
    public void WriteThenParse_GeneratedTree_IsIdentity(int seed)
    {
        var random = new Random(seed);
        var document = new CorefileDocument(
            new ValueList<ServerBlock>(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Block(random))),
            Comments(random));

        var written = CorefileWriter.Write(document);
        var parsed = CorefileParser.Parse(written, new ParseOptions { KeepComments = true });

        Assert.That(parsed, Is.EqualTo(document), written);
    }

    private static ServerBlock Block(Random random)
    {
        var keys = Enumerable.Range(0, random.Next(1, 4)).Select(_ => new Argument(random.Next(3) switch
        {
            0 => ".:53",
            1 => $"zone{random.Next(100)}.example.org",
            _ => $"tls://z{random.Next(9)}.corp:853",
        }));
        return new ServerBlock(new ValueList<Argument>(keys), Directives(random, depth: 0),
            new Comments(Comments(random), TrailingComment(random)), Comments(random));
    }

    private static ValueList<Directive> Directives(Random random, int depth) =>
        new(Enumerable.Range(0, random.Next(0, depth == 0 ? 6 : 3)).Select(_ => Directive(random, depth)));

    private static Directive Directive(Random random, int depth)
    {
        var name = new Argument(random.Next(4) == 0 ? Word(random) : $"plugin{random.Next(20)}");
        var args = new ValueList<Argument>(Enumerable.Range(0, random.Next(0, 5)).Select(_ => new Argument(Word(random))));
        var block = depth < 3 && random.Next(3) == 0 ? Directives(random, depth + 1) : null;
        return new Directive(name, args, block, new Comments(Comments(random), TrailingComment(random)),
            block is null ? ValueList<string>.Empty : Comments(random));
    }

    private static string Word(Random random) => random.Next(2) == 0 ? HardWords[random.Next(HardWords.Length)] : $"w{random.Next(1000)}";

    private static ValueList<string> Comments(Random random) =>
        new(Enumerable.Range(0, random.Next(3) == 0 ? random.Next(1, 3) : 0).Select(i => $" note {i} # {{ }} \""));

    private static string? TrailingComment(Random random) => random.Next(4) == 0 ? " trailing" : null;
}
