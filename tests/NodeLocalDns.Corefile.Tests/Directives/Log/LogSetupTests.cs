using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Log;

/// <summary><c>log</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class LogSetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  log {\n    class chatty\n  }\n}", 3, 11, "log class 'chatty'")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
