using System.CommandLine;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Cli;

/// <summary><c>nodelocal-operator stubdomains -f FILE…</c>: what the cluster's DNS config forwards where, as JSON.</summary>
internal static class StubDomainsCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var command = new Command("stubdomains", "Print the cluster domains, root upstreams, stub domains and diagnostics found in CoreDNS/kube-dns ConfigMaps, as JSON.");
        inputs.AddTo(command);
        command.SetAction(result =>
        {
            try
            {
                var (clusterInputs, notes) = inputs.Read(result, console);
                var config = ClusterDnsReader.Read(clusterInputs);
                console.Out.WriteLine(StubDomainsJson.Write(config, notes));
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is CorefileException or InvalidDataException)
            {
                console.Error.WriteLine(e.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }
}
