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
            Assert.That((await node.RunCheckedAsync("iptables-nft-save")).Split('\n')
                    .Count(l => l.Contains("NodeLocal DNS Cache", StringComparison.Ordinal)),
                Is.EqualTo(12));
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

    [TestCase("dnscache", "", "amd64")]
    [TestCase("operator", "", "amd64")]
    [TestCase("dnscache", "-arm64", "arm64")]
    [TestCase("operator", "-arm64", "arm64")]
    public async Task Images_AreTaggedWithTheChartsAppVersion_AndSavedAsOciArchivesPerArchitecture(string name, string suffix, string architecture)
    {
        var chart = await File.ReadAllTextAsync(TestData.Repo("charts", "nodelocal-operator", "Chart.yaml"));
        Assert.That(chart, Does.Contain($"appVersion: \"{Podman.Version}\""));
        var archive = TestData.Repo("out", "images", $"{name}-{Podman.Version}{suffix}.oci.tar");
        Assert.That(File.Exists(archive), Is.True, archive);
        var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci-archive:{archive}"], timeout: TimeSpan.FromMinutes(1));
        Assert.That(inspect.ExitCode, Is.Zero, inspect.Stderr);
        Assert.That(inspect.Stdout, Does.Contain($"\"Architecture\": \"{architecture}\""));
    }

    [Test]
    public async Task Arm64DaemonImage_RunsItsOwnBinaryWithItsOwnLibrariesUnderEmulation()
    {
        // No binfmt handler is registered on the build machines (that would change the host), so the image
        // is not started; its file system is exported and its binary run by qemu's user-mode emulator
        // against the image's own arm64 glibc and tools.
        var root = Directory.CreateTempSubdirectory("dnscache-arm64-").FullName;
        var created = await Podman.RunAsync("create", "--network=none", "--platform", "linux/arm64", Podman.Image("dnscache") + "-arm64");
        Assert.That(created.ExitCode, Is.Zero, created.Stderr);
        var container = created.Stdout.Trim();
        try
        {
            var tar = Path.Combine(root, "rootfs.tar");
            Assert.That((await Podman.RunAsync("export", "-o", tar, container)).ExitCode, Is.Zero);
            Assert.That((await ProcessRunner.RunAsync("tar", ["-xf", tar, "-C", root])).ExitCode, Is.Zero);

            var file = await ProcessRunner.RunAsync("file", ["-L", Path.Combine(root, "usr/local/bin/dnscache")]);
            var version = await ProcessRunner.RunAsync("qemu-aarch64", ["-L", root, Path.Combine(root, "usr/local/bin/dnscache"), "-version"],
                timeout: TimeSpan.FromMinutes(1));
            var ip = await ProcessRunner.RunAsync("qemu-aarch64", ["-L", root, Path.Combine(root, "bin/ip"), "-V"], timeout: TimeSpan.FromMinutes(1));

            Assert.That(file.Stdout, Does.Contain("ARM aarch64"));
            Assert.That(version.Stdout.Trim(), Is.EqualTo($"dnscache {Podman.Version}"), version.Stderr);
            Assert.That(ip.Stdout, Does.Contain("iproute2"), ip.Stderr);
        }
        finally
        {
            await Podman.RunAsync("rm", "-f", container);
            Directory.Delete(root, recursive: true);
        }
    }
}
