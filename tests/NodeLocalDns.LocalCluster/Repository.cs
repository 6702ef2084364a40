namespace NodeLocalDns.LocalCluster;

/// <summary>The repository's paths: the published binaries, the CRD, the samples and examples.</summary>
internal static class Repository
{
    /// <summary>The folder holding NodeLocalOperator.sln, from the working directory up.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NodeLocalOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from the repository (the folder holding NodeLocalOperator.sln)");
    }

    public static string Operator(string root) => Path.Combine(root, "out", "operator", "nodelocal-operator");

    public static string Daemon(string root) => Path.Combine(root, "out", "dnscache", "dnscache");
}
