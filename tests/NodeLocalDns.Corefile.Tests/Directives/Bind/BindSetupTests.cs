using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Bind;

/// <summary><c>bind</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class BindSetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  bind 169.254.20\n}", 2, 8, "not an IP address")]
    [TestCase(".:53 {\n  bind 127.0.0.1 127.0.0.1\n}", 2, 18, "listed twice")]
    [TestCase(".:53 {\n  bind\n}", 2, 3, "takes at least 1 argument")]
    [TestCase(".:53 {\n  bind __PILLAR__LOCAL__DNS__\n}", 2, 8, "placeholder that was never substituted")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
