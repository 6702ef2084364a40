using System.CommandLine;
using NodeLocalDns.Operator.Api.Schema;

namespace NodeLocalDns.Operator.Cli;

/// <summary><c>nodelocal-operator crds [--output DIR] [--check]</c>: the CRD generated from the C# API types.</summary>
internal static class CrdsCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Directory to write the CRD file into (default: print to stdout)." };
        var check = new Option<bool>("--check") { Description = "Do not write; exit 2 when the file in --output differs from the generated one." };
        var command = new Command("crds", "Print or write the NodeLocalDns CustomResourceDefinition.") { output, check };
        command.SetAction(result =>
        {
            var yaml = CrdSource.NodeLocalDnsYaml();
            if (result.GetValue(output) is not { } directory)
            {
                console.Out.Write(yaml);
                return ExitCodes.Success;
            }

            var path = Path.Combine(directory, CrdGenerator.FileName);
            if (result.GetValue(check))
            {
                var current = File.Exists(path) ? File.ReadAllText(path) : null;
                if (current == yaml)
                {
                    return ExitCodes.Success;
                }

                console.Error.WriteLine($"{path} is stale; run `make crds`.");
                return ExitCodes.InvalidInput;
            }

            Directory.CreateDirectory(directory);
            File.WriteAllText(path, yaml);
            console.Out.WriteLine($"wrote {path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
