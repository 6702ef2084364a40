using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>
/// The real helm (3.17, put at out/tools/helm by <c>make deps</c>, scripts/fetch-helm.sh), run with its own empty HOME
/// and config folders so nothing of the machine's helm set-up (repositories, plugins, a kubeconfig) takes part.
/// </summary>
internal static class HelmProcess
{
    private static readonly string Home = System.IO.Directory.CreateTempSubdirectory("nld-helm-home-").FullName;

    public static string Path => TestData.Repo("out", "tools", "helm");

    /// <summary>Runs helm to completion (60 s at most); fails the test when the binary is missing.</summary>
    public static ProcessRunner.Result Run(params string[] arguments)
    {
        if (!File.Exists(Path))
        {
            Assert.Fail($"{Path} is missing: run `make deps` (scripts/fetch-helm.sh).");
        }

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["HELM_CONFIG_HOME"] = System.IO.Path.Combine(Home, "config"),
            ["HELM_CACHE_HOME"] = System.IO.Path.Combine(Home, "cache"),
            ["HELM_DATA_HOME"] = System.IO.Path.Combine(Home, "data"),
            ["KUBECONFIG"] = System.IO.Path.Combine(Home, "no-kubeconfig"),
        };
        return ProcessRunner.RunAsync(Path, arguments, timeout: TimeSpan.FromSeconds(60), environment: environment).GetAwaiter().GetResult();
    }
}
