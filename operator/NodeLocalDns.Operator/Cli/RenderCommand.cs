using System.CommandLine;
using NodeLocalDns.Corefile.Syntax;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Rendering;

namespace NodeLocalDns.Operator.Cli;

/// <summary>
/// <c>nodelocal-operator render -f FILE…</c>: the node-cache Corefile for the cluster's DNS config, exactly as the operator
/// would write it. Every setting goes through the reconciler's own code (<see cref="NodeCacheSettingsFactory"/>): from a
/// NodeLocalDns manifest with <c>--nodelocaldns</c>, or from flags that stand for the spec fields they name. The kube-dns
/// and kube-dns-upstream ClusterIPs are not in a spec (the API server allocates them), so they stay flags.
/// </summary>
internal static class RenderCommand
{
    private const string Text = "text";
    private const string Json = "json";

    public static Command Create(CliConsole console)
    {
        var inputs = new InputOptions();

        // The spec's defaults: render without flags gives what a NodeLocalDns without those fields gets.
        var spec = new NodeLocalDnsSpec();
        var localIps = new Option<string[]>("--local-ip")
        {
            Description = "Address(es) the cache listens on. Repeatable. Default: as a NodeLocalDns without spec.localIPs, " +
                "one for the family of --cluster-dns-ip (169.254.20.10, or fd00:3456:789a:1::1 for IPv6).",
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
        var metricsAddress = EnumOption("--metrics-address",
            "Where prometheus listens: NodeIP ({$NODE_IP}, filled in by the DaemonSet), LocalIP or AllAddresses.", spec.MetricsAddress);
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
        var output = new Option<string>("--output", "-o")
        {
            Description = "text: the Corefile. json: everything the operator would write and report (routes, diagnostics, the Corefile, its hash).",
            DefaultValueFactory = _ => Text,
        };
        output.AcceptOnlyFromAmong(Text, Json);

        var command = new Command("render",
            "Print the node-cache Corefile that keeps the cluster's stub domains working, exactly as the operator would roll it out.");
        inputs.AddTo(command);
        var commandOptions = new Option[]
        {
            localIps, clusterDnsIp, upstreamIp, kubeProxyMode, stubRouting, upstreamMode, metricsAddress, upstreamServers, template,
            noValidate, output,
        };
        foreach (var option in commandOptions)
        {
            command.Options.Add(option);
        }

        inputs.SpecOptions.Add((localIps, "spec.localIPs"));
        inputs.SpecOptions.Add((kubeProxyMode, "spec.kubeProxyMode"));
        inputs.SpecOptions.Add((stubRouting, "spec.stubDomains.routing"));
        inputs.SpecOptions.Add((upstreamMode, "spec.upstream.mode"));
        inputs.SpecOptions.Add((upstreamServers, "spec.upstream.servers"));
        inputs.SpecOptions.Add((metricsAddress, "spec.metricsAddress"));

        command.SetAction(result =>
        {
            var json = result.GetValue(output) == Json;
            try
            {
                var (clusterInputs, notes, manifest) = inputs.Read(result, console);
                var nodeLocalDns = manifest ?? new NodeLocalDnsSpec
                {
                    LocalIps = result.GetValue(localIps) is { Length: > 0 } given ? [.. given] : null,
                    MetricsAddress = result.GetValue(metricsAddress),
                    KubeProxyMode = result.GetValue(kubeProxyMode),
                    StubDomains = new StubDomainSource { Routing = result.GetValue(stubRouting) },
                    Upstream = new UpstreamSpec { Mode = result.GetValue(upstreamMode), Servers = [.. result.GetValue(upstreamServers) ?? []] },
                };

                // The reconciler's path: read, add the spec's extra zones, turn the spec into settings, render, check.
                var config = NodeCacheSettingsFactory.WithExtraZones(ClusterDnsReader.Read(clusterInputs), nodeLocalDns.StubDomains.ExtraZones);

                // Without spec.localIPs the operator takes one per family of the kube-dns Service; here its ClusterIP's.
                IReadOnlyList<string> addresses = nodeLocalDns.LocalIps is { Count: > 0 } listed
                    ? listed
                    : LocalIpDefaults.ForClusterIp(result.GetValue(clusterDnsIp));
                var settings = NodeCacheSettingsFactory.From(nodeLocalDns, addresses, result.GetValue(clusterDnsIp)!,
                    result.GetValue(upstreamIp) ?? result.GetValue(clusterDnsIp)!);
                var zones = NodeCacheZoneRoutes.For(config, settings);
                var diagnostics = notes.Concat(config.Diagnostics).ToList();
                string? corefile = null;
                if (config.Errors.Count == 0)
                {
                    corefile = result.GetValue(template) is { } templateFile
                        ? PillarTemplateRenderer.Render(ReadTemplate(templateFile), config, settings)
                        : NodeCacheCorefileRenderer.Render(config, settings);
                    if (!result.GetValue(noValidate))
                    {
                        RenderedCorefileValidator.Validate(corefile);
                    }
                }

                if (json)
                {
                    console.Out.WriteLine(CliJson.Render(clusterInputs.CoreDnsVersion, config, settings, zones, diagnostics, corefile,
                        corefile is null ? null : ConfigHash.Of(corefile)));
                }
                else
                {
                    foreach (var note in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning))
                    {
                        console.Error.WriteLine($"warning: {note.Source}: {note.Message}");
                    }

                    console.Out.Write(corefile ?? string.Empty);
                }

                return CliErrors.Report(console, config);
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
