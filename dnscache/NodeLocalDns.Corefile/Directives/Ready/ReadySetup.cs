using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Ready;

/// <summary>Parses <c>ready [ADDRESS]</c> (CoreDNS plugin/ready/setup.go).</summary>
internal static class ReadySetup
{
    public static ReadyOptions Parse(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 1, "ready [ADDRESS]");
        DirectiveArgs.NoBlock(directive);
        return new ReadyOptions(directive.Args.Count > 0 ? DirectiveArgs.HttpAddress(directive.Args[0], "ready") : new HttpListenAddress(null, 8181));
    }
}
