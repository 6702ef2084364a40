using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Ready;

/// <summary><c>ready</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class ReadySetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  ready :8181 :8182\n}", 2, 15, "takes 0 to 1 arguments")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
