namespace NodeLocalDns.Testing;

/// <summary>
/// The project's executables as their own builds produce them (same configuration as the running tests),
/// so process tests run exactly what a user runs, with its own runtime configuration.
/// </summary>
public static class Binaries
{
    /// <summary><c>nodelocal-operator</c>.</summary>
    public static string Operator => Find("operator/NodeLocalDns.Operator", "nodelocal-operator");

    private static string Find(string projectDirectory, string name)
    {
        // bin/<Configuration>/<framework>/ of the test project tells which configuration is being tested.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = framework.Parent?.Name ?? "Debug";
        var path = TestData.Repo(projectDirectory, "bin", configuration, framework.Name, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing; build the solution ({configuration}) first.", path);
    }
}
