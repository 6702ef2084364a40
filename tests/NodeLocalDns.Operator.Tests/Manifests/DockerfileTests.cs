using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The Dockerfiles copy what <c>make publish</c> produces and <c>make images</c> builds them
/// (<c>ImageTests</c> runs the result): their paths and entry points must match the fixed publish paths.
/// </summary>
public sealed class DockerfileTests
{
    [TestCase("dnscache/Dockerfile", "ARG PUBLISHED=out/dnscache\n", "ENTRYPOINT [\"/usr/local/bin/dnscache\"]",
        "DNSCACHE_BIN     := $(OUT)/dnscache/dnscache")]
    [TestCase("operator/Dockerfile", "ARG PUBLISHED=out/operator\n", "ENTRYPOINT [\"/app/nodelocal-operator\"]",
        "OPERATOR_BIN     := $(OUT)/operator/nodelocal-operator")]
    public void Dockerfile_CopiesThePublishedBinaryAndRunsIt(string dockerfile, string copy, string entrypoint, string makefilePath)
    {
        var text = File.ReadAllText(TestData.Repo(dockerfile));
        var makefile = File.ReadAllText(TestData.Repo("Makefile"));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(copy));
            Assert.That(text, Does.Contain(entrypoint));
            Assert.That(makefile, Does.Contain(makefilePath));
            Assert.That(File.ReadAllText(TestData.Repo("scripts", "images.sh")), Does.Contain($" {dockerfile} "));
        });
    }
}
