using System.Text.RegularExpressions;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Tests.Support;
using NodeLocalDns.Operator.Tests.Support.Helm;
using NodeLocalDns.Testing;

namespace NodeLocalDns.Operator.Tests.Manifests;

/// <summary>
/// The README's "Install with helm" and "Quick starts" commands, run as written where this machine can: every
/// <c>helm install</c> or <c>helm upgrade</c> as <c>helm template</c> with the same chart, namespace and values, every
/// <c>kubectl apply -f</c> against the in-process API server holding the CRD (server-side dry run), every
/// <c>nodelocal-operator</c> command in process. Other lines (<c>kubectl get</c>, <c>describe</c>) read a cluster and are
/// not run.
/// </summary>
[Category(TestCategories.Helm)]
[Category(TestCategories.Kubectl)]
public sealed partial class ReadmeInstallTests
{
    private static readonly string[] Sections = ["## Install with helm", "## Quick starts"];

    private static IEnumerable<TestCaseData> Commands()
    {
        var readme = File.ReadAllText(TestData.Repo("README.md"));
        foreach (var heading in Sections)
        {
            var start = readme.IndexOf(heading, StringComparison.Ordinal);
            var section = readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
            foreach (var line in ShellBlock().Matches(section).SelectMany(block => block.Groups["body"].Value.Split('\n')))
            {
                var command = line.Split("  #", 2)[0].Trim();
                if (command.StartsWith("helm ", StringComparison.Ordinal)
                    || command.StartsWith("kubectl apply ", StringComparison.Ordinal)
                    || command.StartsWith("nodelocal-operator ", StringComparison.Ordinal))
                {
                    yield return new TestCaseData(command).SetArgDisplayNames(command.Length > 90 ? command[..90] : command);
                }
            }
        }
    }

    [Test]
    public void Sections_HoldTheCommandsThisTestRuns() =>
        Assert.That(Commands().Select(c => (string)c.Arguments[0]!),
            Has.Some.StartsWith("helm install").And.Some.StartsWith("kubectl apply").And.Some.StartsWith("nodelocal-operator render"));

    [TestCaseSource(nameof(Commands))]
    public async Task Command_RunAsWritten_Succeeds(string command)
    {
        var words = Words(command);
        switch (words[0])
        {
            case "helm":
                Assert.That(words[1], Is.AnyOf("install", "upgrade"), command);
                var template = HelmProcess.Run(["template", .. words[2..].Select(Repo)]);
                Assert.That(template.ExitCode, Is.Zero, template.Stderr);
                break;
            case "kubectl":
                await using (var server = await TestKubeApiServer.StartAsync())
                {
                    using var kubectl = new KubectlSession(server);
                    await kubectl.RunOkAsync("apply", "-f", TestData.Repo("crds", "dns.nodelocal.io_nodelocaldnses.yaml"));
                    var applied = await kubectl.RunOkAsync([.. words[1..].Select(Repo), "--dry-run=server"]);
                    Assert.That(applied, Does.EndWith("(server dry run)\n"));
                }

                break;
            default:
                var (exit, output, error) = CliRun.InProcess(string.Empty, [.. words[1..].Select(Repo)]);
                Assert.Multiple(() =>
                {
                    Assert.That(exit, Is.Zero, error);
                    Assert.That(output, Is.Not.Empty);
                });
                break;
        }
    }

    private static string[] Words(string command) =>
        [.. ShellWord().Matches(command).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Value)];

    /// <summary>A word naming a file or folder of the repository, as an absolute path.</summary>
    private static string Repo(string word) => File.Exists(TestData.Repo(word)) || Directory.Exists(TestData.Repo(word)) ? TestData.Repo(word) : word;

    [GeneratedRegex(@"```sh\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"'(?<quoted>[^']*)'|[^\s]+")]
    private static partial Regex ShellWord();
}
