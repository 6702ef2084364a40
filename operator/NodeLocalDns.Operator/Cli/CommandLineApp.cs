using System.CommandLine;

namespace NodeLocalDns.Operator.Cli;

/// <summary>The command tree of <c>nodelocal-operator</c>.</summary>
internal static class CommandLineApp
{
    public static RootCommand Build(CliConsole console) =>
        new("NodeLocal DNSCache operator: runs the node cache and keeps CoreDNS's stub domains working through it.")
    {
        StubDomainsCommand.Create(console),
        RenderCommand.Create(console),
        CrdsCommand.Create(console),
        RunCommand.Create(console),
    };
}
