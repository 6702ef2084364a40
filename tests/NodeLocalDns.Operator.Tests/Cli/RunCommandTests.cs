using NodeLocalDns.Operator.Cli;
using NodeLocalDns.Operator.Hosting;
using NodeLocalDns.Operator.Tests.Support;

namespace NodeLocalDns.Operator.Tests.Cli;

/// <summary><c>nodelocal-operator run</c>'s flags, parsed in process (nothing is started).</summary>
public sealed class RunCommandTests
{
    [Test]
    public void Run_NoFlags_EveryDefaultIsTheRunOptionsDefault()
    {
        var defaults = new OperatorRunOptions();

        var result = CommandLineApp.Build(CliConsole.System).Parse(["run"]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.GetValue<bool>("--leader-elect"), Is.EqualTo(defaults.LeaderElect));
            Assert.That(result.GetValue<string>("--leader-election-namespace"), Is.EqualTo(defaults.LeaderElectionNamespace));
            Assert.That(result.GetValue<string>("--lease-name"), Is.EqualTo(defaults.LeaseName));
            Assert.That(TimeSpan.FromSeconds(result.GetValue<int>("--lease-duration-seconds")), Is.EqualTo(defaults.LeaseDuration));
            Assert.That(result.GetValue<string?>("--identity"), Is.EqualTo(defaults.Identity));
            Assert.That(result.GetValue<string[]>("--watch-namespace"), Is.EqualTo(defaults.WatchNamespaces));
            Assert.That(result.GetValue<string>("--metrics-address"), Is.EqualTo(defaults.MetricsAddress));
            Assert.That(result.GetValue<string>("--health-address"), Is.EqualTo(defaults.HealthAddress));
            Assert.That(TimeSpan.FromSeconds(result.GetValue<int>("--resync-seconds")), Is.EqualTo(defaults.ResyncPeriod));
            Assert.That(result.GetValue<LogFormat>("--log-format"), Is.EqualTo(defaults.LogFormat));
        });
    }

    [Test]
    public void Run_KubeconfigThatDoesNotExist_IsOneLineOnStderrAndExitCodeTwo()
    {
        var (exit, output, error) = CliRun.InProcess(string.Empty, "run", "--kubeconfig", "/nonexistent/kubeconfig");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.StartWith("nodelocal-operator: no Kubernetes API server to talk to: ")
                .And.Contain("/nonexistent/kubeconfig")
                .And.Contain("--kubeconfig FILE or set KUBECONFIG"));
        });
    }

    [TestCase("json", LogFormat.Json)]
    [TestCase("text", LogFormat.Text)]
    public void Run_LogFormat_IsParsed(string value, LogFormat expected) =>
        Assert.That(CommandLineApp.Build(CliConsole.System).Parse(["run", "--log-format", value]).GetValue<LogFormat>("--log-format"), Is.EqualTo(expected));
}
