using NUnit.Framework;

namespace NodeLocalDns.Testing;

/// <summary>
/// Golden files: compares output with a committed file. Run with <c>UPDATE_GOLDEN=1</c> to rewrite the
/// files from the current output (then review the diff before committing). A missing golden file fails
/// the test, so a new case cannot pass without its expectation being written down.
/// </summary>
public static class Golden
{
    /// <summary>True when the run should rewrite golden files.</summary>
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    /// <summary>Asserts that <paramref name="actual"/> equals the content of <paramref name="path"/> (relative to the repository root, or absolute).</summary>
    public static void AssertMatches(string path, string actual)
    {
        var full = Path.IsPathRooted(path) ? path : TestData.Repo(path);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, actual);
            return;
        }

        if (!File.Exists(full))
        {
            Assert.Fail($"golden file {full} is missing; run the tests with UPDATE_GOLDEN=1 to create it, then review it.");
        }

        var expected = File.ReadAllText(full);
        if (expected != actual)
        {
            Assert.That(actual, Is.EqualTo(expected), $"output differs from golden file {full} (UPDATE_GOLDEN=1 rewrites it)");
        }
    }
}
