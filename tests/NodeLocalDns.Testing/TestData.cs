namespace NodeLocalDns.Testing;

/// <summary>Locates the repository's shared test data and each test project's own files.</summary>
public static class TestData
{
    /// <summary>The repository root (the folder holding NodeLocalOperator.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary><c>tests/testdata</c>, shared by every test project.</summary>
    public static string SharedDirectory => Path.Combine(RepositoryRoot, "tests", "testdata");

    /// <summary>A path under <c>tests/testdata</c>.</summary>
    public static string Shared(params string[] parts) => Path.Combine([SharedDirectory, .. parts]);

    /// <summary>A path under the repository root.</summary>
    public static string Repo(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    /// <summary>Files under a shared test data folder with the given extension, sorted, as test case sources.</summary>
    public static IEnumerable<string> SharedFiles(string folder, string searchPattern) =>
        Directory.Exists(Shared(folder))
            ? Directory.EnumerateFiles(Shared(folder), searchPattern).Order(StringComparer.Ordinal)
            : [];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeLocalOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (NodeLocalOperator.sln) above " + AppContext.BaseDirectory);
    }
}
