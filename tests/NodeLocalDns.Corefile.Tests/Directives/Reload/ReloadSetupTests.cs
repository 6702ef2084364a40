using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Reload;

/// <summary><c>reload</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class ReloadSetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  reload 1s\n}", 2, 10, "too short")]
    [TestCase(".:53 {\n  reload 10s 6s\n}", 2, 14, "more than half the interval")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
