using System.CommandLine;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Rendering;

namespace NodeLocalDns.Operator.Cli;

/// <summary><c>nodelocal-operator render -f FILE…</c>: the node-cache Corefile for the cluster's DNS config.</summary>
internal static class RenderCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();

        // The spec's defaults: render without flags gives what a NodeLocalDns without those fields gets.
        var spec = new NodeLocalDnsSpec();
        var localIps = new Option<string[]>("--local-ip")
        {
            Description = "Address(es) the cache listens on. Repeatable. Default: as a NodeLocalDns without spec.localIPs, one for the family of --cluster-dns-ip (169.254.20.10, or fd00:3456:789a:1::1 for IPv6).",
            Arity = ArgumentArity.OneOrMore,
        };
        var clusterDnsIp = new Option<string>("--cluster-dns-ip")
        {
            Description = "The kube-dns Service ClusterIP (bound by the cache in iptables mode).",
            DefaultValueFactory = _ => "10.96.0.10",
        };
        var upstreamIp = new Option<string?>("--upstream-ip")
        {
            Description = "The kube-dns-upstream Service ClusterIP the cache uses to reach CoreDNS (required in iptables mode).",
        };
        var kubeProxyMode = EnumOption("--kube-proxy-mode", "iptables, ipvs or nftables.", spec.KubeProxyMode);
        var stubRouting = EnumOption("--stub-routing", "Direct (to the stub's own servers) or ViaClusterDNS.", spec.StubDomains.Routing);
        var upstreamMode = EnumOption("--upstream-mode", "ClusterDNS, ResolvConf (stock behaviour) or Servers.", spec.Upstream.Mode);
        var metricsAddress = EnumOption("--metrics-address", "Where prometheus listens: NodeIP ({$NODE_IP}, filled in by the DaemonSet), LocalIP or AllAddresses.", spec.MetricsAddress);
        var upstreamServers = new Option<string[]>("--upstream-server")
        {
            Description = "Upstream server for --upstream-mode Servers (default: CoreDNS's root upstreams). Repeatable.",
            Arity = ArgumentArity.OneOrMore,
        };
        var template = new Option<string?>("--template")
        {
            Description = "Substitute the __PILLAR__ placeholders of this addon-style template instead of rendering from scratch.",
        };
        var noValidate = new Option<bool>("--no-validate")
        {
            Description = "Skip checking the result with the daemon's config loader.",
        };

        var command = new Command("render", "Print the node-cache Corefile that keeps the cluster's stub domains working.");
        inputs.AddTo(command);
        foreach (var option in new Option[] { localIps, clusterDnsIp, upstreamIp, kubeProxyMode, stubRouting, upstreamMode, metricsAddress, upstreamServers, template, noValidate })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            try
            {
                var (clusterInputs, notes) = inputs.Read(result, console);
                var config = ClusterDnsReader.Read(clusterInputs);
                IReadOnlyList<string> addresses = result.GetValue(localIps) is { Length: > 0 } given ? given : LocalIpDefaults.ForClusterIp(result.GetValue(clusterDnsIp));
                var settings = new NodeCacheSettings
                {
                    LocalIps = addresses,
                    MetricsHost = NodeCacheSettings.MetricsHostFor(result.GetValue(metricsAddress), addresses, result.GetValue(clusterDnsIp)!),
                    ClusterDnsIp = result.GetValue(clusterDnsIp)!,
                    UpstreamIp = result.GetValue(upstreamIp) ?? result.GetValue(clusterDnsIp)!,
                    KubeProxyMode = result.GetValue(kubeProxyMode),
                    StubRouting = result.GetValue(stubRouting),
                    UpstreamMode = result.GetValue(upstreamMode),
                    UpstreamServers = result.GetValue(upstreamServers) ?? [],
                };
                var corefile = result.GetValue(template) is { } templateFile
                    ? PillarTemplateRenderer.Render(ReadTemplate(templateFile), config, settings)
                    : NodeCacheCorefileRenderer.Render(config, settings);
                if (!result.GetValue(noValidate))
                {
                    RenderedCorefileValidator.Validate(corefile);
                }

                foreach (var note in notes.Concat(config.Diagnostics).Where(d => d.Severity != DiagnosticSeverity.Info))
                {
                    console.Error.WriteLine($"{note.Severity.ToString().ToLowerInvariant()}: {note.Source}: {note.Message}");
                }

                console.Out.Write(corefile);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is CorefileException or InvalidDataException or InvalidSettingsException)
            {
                console.Error.WriteLine(e.Message);
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static string ReadTemplate(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{file}: cannot read it: {e.Message}", e);
        }
    }

    private static Option<T> EnumOption<T>(string name, string description, T defaultValue)
        where T : struct, Enum
    {
        var option = new Option<T>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = argument =>
            {
                var text = argument.Tokens.Count > 0 ? argument.Tokens[0].Value : string.Empty;
                if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
                {
                    return value;
                }

                argument.AddError($"'{text}' is not valid for {name}; use one of: {string.Join(", ", Enum.GetNames<T>())}.");
                return defaultValue;
            },
        };
        return option;
    }
}
