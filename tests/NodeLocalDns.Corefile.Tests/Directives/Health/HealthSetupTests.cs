using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Health;

/// <summary><c>health</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class HealthSetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  health 8080\n}", 2, 10, "has no port")]
    [TestCase(".:53 {\n  health example.com:8080\n}", 2, 10, "not an IP address")]
    [TestCase(".:53 {\n  health __PILLAR__LOCAL__DNS__:8080\n}", 2, 10, "placeholder that was never substituted")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
