using NodeLocalDns.DnsCache.Directives.Template;
using NodeLocalDns.DnsCache.Tests.Support;

namespace NodeLocalDns.DnsCache.Tests.Directives.Template;

public sealed class TemplateRecordTests
{
    [Test]
    public void Parse_CnameTarget_IsItsWireName()
    {
        var record = TemplateRecord.Parse("{{ .Name }} 60 IN CNAME Target.Example.Test.");
        Assert.That(record.Data, Is.EqualTo(Wire.Name("target.example.test")));
    }

    [TestCase("{{ .Name }} 60 IN CNAME a..example.test.", "a..example.test.")]
    [TestCase("x\\.y..test 60 IN A 192.0.2.1", "x\\.y..test")]
    public void Parse_NameThatIsNotADomainName_IsAConfigurationError_NotTheRoot(string text, string name)
    {
        // It used to become the root name: a CNAME to "." or an answer owned by ".".
        Assert.That(() => TemplateRecord.Parse(text),
            Throws.TypeOf<FormatException>().With.Message.Contains($"'{name}' is not a domain name"));
    }

    [Test]
    public void Parse_OverLongLabel_IsAConfigurationError()
    {
        var label = new string('a', 64);
        Assert.That(() => TemplateRecord.Parse($"{{{{ .Name }}}} 60 IN CNAME {label}.test."), Throws.TypeOf<FormatException>());
    }
}
