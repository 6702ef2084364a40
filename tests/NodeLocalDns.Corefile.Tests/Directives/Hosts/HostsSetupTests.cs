using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Hosts;

/// <summary><c>hosts</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class HostsSetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  hosts {\n    10.0.0.1\n  }\n}", 3, 5, "takes at least 1 argument")]
    [TestCase(".:53 {\n  hosts {\n    example.org 10.0.0.1\n  }\n}", 3, 5, "neither an option of hosts")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
