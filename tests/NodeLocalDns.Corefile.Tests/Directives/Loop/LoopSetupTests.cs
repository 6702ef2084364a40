using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Loop;

/// <summary><c>loop</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class LoopSetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  loop 3\n}", 2, 8, "takes 0 arguments")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
