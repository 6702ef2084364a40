using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>The real helm (3.17, put at out/tools/helm by <c>make deps</c>): <c>helm template</c> renders the chart exactly as an install would.</summary>
internal static class HelmBinary
{
    public static string Path => TestData.Repo("out", "tools", "helm");

    /// <summary>The chart's manifests as <c>helm template</c> renders them, with <paramref name="values"/> as a values file.</summary>
    public static async Task<string> TemplateAsync(string releaseNamespace, string? values = null)
    {
        if (!File.Exists(Path))
        {
            Assert.Fail($"{Path} is missing: run `make deps` (scripts/fetch-helm.sh).");
        }

        var arguments = new List<string> { "template", "nodelocal-operator", TestData.Repo("charts", "nodelocal-operator"), "--namespace", releaseNamespace };
        string? valuesFile = null;
        if (values is not null)
        {
            valuesFile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"values-{Guid.NewGuid():N}.yaml");
            await File.WriteAllTextAsync(valuesFile, values);
            arguments.AddRange(["--values", valuesFile]);
        }

        try
        {
            var result = await ProcessRunner.RunAsync(Path, arguments, timeout: TimeSpan.FromSeconds(60));
            Assert.That(result.ExitCode, Is.Zero, result.Stderr);
            return result.Stdout;
        }
        finally
        {
            if (valuesFile is not null)
            {
                File.Delete(valuesFile);
            }
        }
    }
}
