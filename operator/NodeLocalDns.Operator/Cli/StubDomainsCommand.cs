using System.CommandLine;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Rendering;

namespace NodeLocalDns.Operator.Cli;

/// <summary>
/// <c>nodelocal-operator stubdomains -f FILE…</c>: what the cluster's DNS config forwards where, as JSON. When CoreDNS
/// would refuse the config (or no Corefile is given), the JSON is still printed, each error also goes to stderr as
/// <c>file:line:column: message</c>, and the exit code is 2.
/// </summary>
internal static class StubDomainsCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();
        var command = new Command("stubdomains", "Print the cluster domains, root upstreams, stub domains, every zone's route and the diagnostics found in CoreDNS/kube-dns ConfigMaps, as JSON.");
        inputs.AddTo(command);
        command.SetAction(result =>
        {
            try
            {
                var (clusterInputs, notes, spec) = inputs.Read(result, console);
                var config = ClusterDnsReader.Read(clusterInputs);
                if (spec is not null)
                {
                    config = NodeCacheSettingsFactory.WithExtraZones(config, spec.StubDomains.ExtraZones);
                }

                var zones = NodeCacheZoneRoutes.For(config, spec?.StubDomains.Routing ?? StubRouting.Direct, spec?.Upstream.Mode ?? UpstreamMode.ClusterDns);
                console.Out.WriteLine(CliJson.StubDomains(config, zones, notes.Concat(config.Diagnostics)));
                return CliErrors.Report(console, config);
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
