using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Errors;

/// <summary><c>errors</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class ErrorsSetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  errors now\n}", 2, 10, "takes 0 arguments")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
