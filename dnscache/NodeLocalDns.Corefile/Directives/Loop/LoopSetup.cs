using NodeLocalDns.Corefile.Configuration;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Loop;

/// <summary>Parses <c>loop</c>, which takes neither arguments nor a block (CoreDNS plugin/loop/setup.go).</summary>
internal static class LoopSetup
{
    public static LoopOptions Parse(Directive directive)
    {
        DirectiveArgs.Count(directive, 0, 0, "loop");
        DirectiveArgs.NoBlock(directive);
        return LoopOptions.Default;
    }
}
