using System.CommandLine;
using System.CommandLine.Parsing;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.ClusterDns;

namespace NodeLocalDns.Operator.Cli;

/// <summary>The options every command that reads the cluster's DNS config shares.</summary>
internal sealed class InputOptions
{
    public Option<string[]> Files { get; } = new("--file", "-f")
    {
        Description = "A ConfigMap YAML (one or more documents, or a List), or a raw Corefile; '-' reads stdin. Repeatable.",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string?> ClusterDomain { get; } = new("--cluster-domain")
    {
        Description = "The cluster domain (default: read from CoreDNS's kubernetes plugin, else cluster.local).",
    };

    public Option<string> CustomMount { get; } = new("--custom-mount")
    {
        Description = "Where CoreDNS's pod mounts ConfigMaps other than its own (AKS and k3s: /etc/coredns/custom).",
        DefaultValueFactory = _ => ClusterDnsInputs.CustomMountPath,
    };

    public Option<CoreDnsVersion?> CoreDnsVersion { get; } = new("--coredns-version")
    {
        Description = $"The CoreDNS release the cluster runs, e.g. 1.11.3 (the tag of kube-system/coredns's image); the config is checked as that release loads it (default: the newest known, {ClusterDns.CoreDnsVersion.Newest}).",
        CustomParser = ParseVersion,
    };

    public Option<string?> NodeLocalDns { get; } = new("--nodelocaldns")
    {
        Description = "A NodeLocalDns manifest: every setting (local IPs, modes, cache, ports, routing, which ConfigMaps to read) comes from its spec, through the operator's own code.",
    };

    /// <summary>Options that set what a NodeLocalDns spec sets, which cannot be combined with <see cref="NodeLocalDns"/>.</summary>
    public List<(Option Option, string SpecField)> SpecOptions { get; } = [];

    public void AddTo(Command command)
    {
        command.Options.Add(Files);
        command.Options.Add(ClusterDomain);
        command.Options.Add(CustomMount);
        command.Options.Add(CoreDnsVersion);
        command.Options.Add(NodeLocalDns);
        SpecOptions.Add((ClusterDomain, "spec.clusterDomain"));
        SpecOptions.Add((CustomMount, "spec.stubDomains.customConfigMaps[].mountPath"));
        command.Validators.Add(result =>
        {
            if (result.GetResult(NodeLocalDns) is not { Implicit: false })
            {
                return;
            }

            foreach (var (option, field) in SpecOptions.Where(o => result.GetResult(o.Option) is { Implicit: false }))
            {
                result.AddError($"{option.Name} cannot be combined with --nodelocaldns: the manifest's {field} is what the operator uses; set it there.");
            }
        });
    }

    /// <summary>Reads and classifies the inputs; I/O, YAML and manifest problems become <see cref="InvalidDataException"/>.</summary>
    public (ClusterDnsInputs Inputs, List<Diagnostic> Notes, NodeLocalDnsSpec? Spec) Read(ParseResult result, CliConsole console)
    {
        var texts = new List<(string, string)>();
        foreach (var file in result.GetValue(Files) ?? [])
        {
            texts.Add((file == "-" ? "stdin" : file, ReadText(file, console)));
        }

        NodeLocalDnsSpec? spec = null;
        if (result.GetValue(NodeLocalDns) is { } manifest)
        {
            spec = NodeLocalDnsManifest.Load(manifest, ReadText(manifest, console)).Spec;
        }

        var (inputs, notes) = InputDocuments.Load(texts, result.GetValue(ClusterDomain), result.GetValue(CustomMount)!, spec);
        inputs = result.GetValue(CoreDnsVersion) is { } version
            ? inputs with { CoreDnsVersion = version, CoreDnsVersionReason = "given with --coredns-version" }
            : inputs with
            {
                CoreDnsVersionReason = "no --coredns-version was given, so the newest release known here is assumed; pass the cluster's (the tag of kubectl -n kube-system get deployment coredns -o jsonpath='{.spec.template.spec.containers[0].image}')",
            };
        return (inputs, notes, spec);
    }

    private static string ReadText(string file, CliConsole console)
    {
        try
        {
            return file == "-" ? console.In.ReadToEnd() : File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{file}: cannot read it: {e.Message}", e);
        }
    }

    private static CoreDnsVersion? ParseVersion(ArgumentResult argument)
    {
        var text = argument.Tokens.Count > 0 ? argument.Tokens[0].Value : string.Empty;
        if (ClusterDns.CoreDnsVersion.TryParse(text, out var version))
        {
            return version;
        }

        argument.AddError($"'{text}' is not a CoreDNS release for --coredns-version; write it like 1.11.3 or v1.11.3.");
        return null;
    }
}
