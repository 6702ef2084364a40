using System.Text.RegularExpressions;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Corefile.Tests.RealWorld;

/// <summary>
/// Every broken Corefile in <c>tests/testdata/broken</c> is rejected with a message located where its
/// first line (<c># expect: LINE:COLUMN words</c>) says the mistake is.
/// </summary>
public sealed partial class BrokenCorefileTests
{
    private static IEnumerable<TestCaseData> BrokenFiles() =>
        TestData.SharedFiles("broken", "*.Corefile").Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileNameWithoutExtension(path)));

    [Test]
    public void Corpus_HasBrokenFiles() => Assert.That(BrokenFiles().Count(), Is.GreaterThanOrEqualTo(12));

    [TestCaseSource(nameof(BrokenFiles))]
    public void Parse_BrokenCorefile_FailsWhereExpected(string path)
    {
        var text = File.ReadAllText(path);
        var expect = ExpectLine().Match(text);
        Assert.That(expect.Success, Is.True, "the first line must be '# expect: LINE:COLUMN words'");
        var name = Path.GetFileName(path);

        var error = Assert.Throws<CorefileException>(
            () => CorefileParser.Parse(text, new ParseOptions { FileName = name, Files = new InMemoryCorefileSource() }));

        Assert.Multiple(() =>
        {
            Assert.That($"{error!.Position.Line}:{error.Position.Column}", Is.EqualTo(expect.Groups["position"].Value), error.Message);
            Assert.That(error.Message, Does.StartWith($"{name}:{expect.Groups["position"].Value}: "));
            Assert.That(error.Reason, Does.EndWith(".").Or.EndWith("?"), "a full sentence");
        });
    }

    [GeneratedRegex(@"^# expect: (?<position>\d+:\d+) ")]
    private static partial Regex ExpectLine();
}
