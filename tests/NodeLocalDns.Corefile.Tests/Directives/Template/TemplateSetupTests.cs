using NodeLocalDns.Corefile.Tests.Support;

namespace NodeLocalDns.Corefile.Tests.Directives.Template;

/// <summary><c>template</c> through the loader: what it parses into, and the Corefiles it refuses.</summary>
public sealed class TemplateSetupTests
{
    // Failure rows: the Corefile, then the exact line:column and a fragment of the sentence.
    [TestCase(".:53 {\n  template IN BOGUS\n}", 2, 15, "type 'BOGUS' is not supported")]
    [TestCase(".:53 {\n  template IN A {\n    match ([a-z\n  }\n}", 3, 11, "not a valid regular expression")]
    [TestCase(".:53 {\n  template IN A {\n    rcode MAYBE\n  }\n}", 3, 11, "rcode 'MAYBE' is unknown")]
    [TestCase(".:53 {\n  template IN A {\n    answer \"{{ .Name }} A\"\n  }\n}", 3, 12, "needs OWNER [TTL] [CLASS] TYPE DATA")]
    [TestCase(".:53 {\n  template IN A {\n    answer \"{{ .Name }} 60 IN MX 10 mail\"\n  }\n}", 3, 12, "type 'MX' is not supported")]
    [TestCase(".:53 {\n  template IN A {\n    answer \"{{ .Name }} 60 IN A 999.1.1.1\"\n  }\n}", 3, 12, "not valid data for a A record")]
    [TestCase(".:53 {\n  template IN A {\n    answer \"{{ .Name }} 60 IN A {{ .Meta }}\"\n  }\n}", 3, 12, "as the owner only")]
    public void Load_BadCorefile_ThrowsAtTheOffendingToken(string text, int line, int column, string fragment) =>
        LoadAssert.ThrowsAt(text, line, column, fragment);
}
