using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Syntax;

namespace NodeLocalDns.Corefile.Tests.Support;

/// <summary>The check behind every failure row: the loader refuses the Corefile at the offending token.</summary>
internal static class LoadAssert
{
    /// <summary>
    /// Loading <paramref name="text"/> throws at <paramref name="line"/>:<paramref name="column"/> with a message holding
    /// <paramref name="fragment"/>.
    /// </summary>
    public static void ThrowsAt(string text, int line, int column, string fragment)
    {
        var e = Assert.Throws<CorefileException>(() => DnsCacheConfigLoader.Load(text))!;
        Assert.Multiple(() =>
        {
            Assert.That((e.Position.Line, e.Position.Column), Is.EqualTo((line, column)), e.Message);
            Assert.That(e.Message, Does.Contain(fragment));
            Assert.That(e.Message, Does.StartWith($"Corefile:{line}:{column}: "));
        });
    }
}
