using System.CommandLine;
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

    public void AddTo(Command command)
    {
        command.Options.Add(Files);
        command.Options.Add(ClusterDomain);
        command.Options.Add(CustomMount);
    }

    /// <summary>Reads and classifies the inputs; I/O and YAML problems become <see cref="InvalidDataException"/>.</summary>
    public (ClusterDnsInputs Inputs, List<Diagnostic> Notes) Read(ParseResult result, CliConsole console)
    {
        var texts = new List<(string, string)>();
        foreach (var file in result.GetValue(Files) ?? [])
        {
            try
            {
                texts.Add(file == "-" ? ("stdin", console.In.ReadToEnd()) : (file, File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"{file}: cannot read it: {e.Message}", e);
            }
        }

        return InputDocuments.Load(texts, result.GetValue(ClusterDomain), result.GetValue(CustomMount)!);
    }
}
