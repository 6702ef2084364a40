using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Containers;
using NodeLocalDns.Testing.Namespaces;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The images <c>make images</c> builds, run for real with podman and runc: the daemon's in a network namespace
/// of the test's own, with NET_ADMIN added to podman's default capabilities as the DaemonSet adds it, sets up
/// its node and answers; the operator's answers its version and help. Tags follow the release version.
/// </summary>
[Category(TestCategories.Images)]
[Category(TestCategories.NetworkNamespaces)]
[CancelAfter(180_000)]
public sealed class ImageTests
{
    private const string Corefile = """
        .:53 {
            bind 169.254.20.10
            template IN A who.test {
                answer "who.test. 60 IN A 10.99.99.2"
            }
        }
        """;

    [Test]
    public async Task DaemonImage_OnANodeWithNetAdminOnly_SetsUpItsNodeAndAnswers_AndTearsDownOnStop()
    {
        await using var node = await NetworkNamespace.CreateAsync("image");
        await node.RunCheckedAsync("iptables-nft", "-t", "mangle", "-N", "KUBE-KUBELET-CANARY");
        var work = Directory.CreateTempSubdirectory("dnscache-image-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "Corefile"), Corefile);
        var name = $"dnscache-image-test-{Guid.NewGuid():N}";
        try
        {
            var run = await Podman.RunAsync(
                "run", "-d", "--name", name, $"--network=ns:/run/netns/{node.Name}", "--cap-add", "NET_ADMIN", "--security-opt", "no-new-privileges",
                "-v", $"{work}/Corefile:/etc/coredns/Corefile:ro", Podman.Image("dnscache"),
                "-localip", "169.254.20.10", "-conf", "/etc/coredns/Corefile", "-metrics-listen-address=");
            Assert.That(run.ExitCode, Is.Zero, run.Stderr);

            var ready = false;
            for (var i = 0; i < 50 && !ready; i++)
            {
                ready = (await Podman.RunAsync("exec", name, "/usr/local/bin/dnscache", "-probe", "ready")).ExitCode == 0;
                await Task.Delay(200);
            }

            Assert.That(ready, Is.True, (await Podman.RunAsync("logs", name)).Stderr);
            Assert.That((await node.RunCheckedAsync("dig", "@169.254.20.10", "who.test", "+short")).Trim(), Is.EqualTo("10.99.99.2"));
            Assert.That((await node.RunCheckedAsync("iptables-nft-save")).Split('\n').Count(l => l.Contains("NodeLocal DNS Cache", StringComparison.Ordinal)), Is.EqualTo(12));
            Assert.That(await node.RunCheckedAsync("ip", "-br", "addr", "show", "dev", "nodelocaldns"), Does.Contain("169.254.20.10/32"));

            Assert.That((await Podman.RunAsync("stop", "-t", "20", name)).ExitCode, Is.Zero);
            var inspect = await Podman.RunAsync("inspect", "--format", "{{.State.ExitCode}}", name);
            Assert.That(inspect.Stdout.Trim(), Is.EqualTo("0"), (await Podman.RunAsync("logs", name)).Stderr);
            Assert.That(await node.RunCheckedAsync("iptables-nft-save"), Does.Not.Contain("NodeLocal DNS Cache"));
        }
        finally
        {
            await Podman.RunAsync("rm", "-f", name);
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public async Task OperatorImage_AnswersVersionAndHelp()
    {
        var version = await Podman.RunAsync("run", "--rm", "--network=none", Podman.Image("operator"), "--version");
        var help = await Podman.RunAsync("run", "--rm", "--network=none", Podman.Image("operator"), "--help");

        Assert.That(version.ExitCode, Is.Zero, version.Stderr);
        Assert.That(version.Stdout.Trim(), Is.EqualTo(Podman.Version), "the image tag, the chart's appVersion and --version agree");
        Assert.That(help.ExitCode, Is.Zero, help.Stderr);
        Assert.That(help.Stdout, Does.Contain("run").And.Contain("render").And.Contain("stubdomains"));
    }

    [Test]
    public async Task Images_AreTaggedWithTheChartsAppVersion_AndSavedAsOciArchives()
    {
        var chart = await File.ReadAllTextAsync(TestData.Repo("charts", "nodelocal-operator", "Chart.yaml"));
        Assert.That(chart, Does.Contain($"appVersion: \"{Podman.Version}\""));
        foreach (var name in new[] { "dnscache", "operator" })
        {
            var archive = TestData.Repo("out", "images", $"{name}-{Podman.Version}.oci.tar");
            Assert.That(File.Exists(archive), Is.True, archive);
            var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}"], timeout: TimeSpan.FromMinutes(1));
            Assert.That(inspect.ExitCode, Is.Zero, inspect.Stderr);
            Assert.That(inspect.Stdout, Does.Contain("\"Architecture\": \"amd64\""));
        }
    }
}
