using System.CommandLine;
using NodeLocalDns.Operator.Hosting;

namespace NodeLocalDns.Operator.Cli;

/// <summary><c>nodelocal-operator run</c>: the controller.</summary>
internal static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        // Every default is OperatorRunOptions's own, so the command line and the in-process host cannot disagree.
        var defaults = new OperatorRunOptions();
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "kubeconfig file (default: in-cluster config, else KUBECONFIG, else ~/.kube/config).",
        };
        var leaderElect = new Option<bool>("--leader-elect")
        {
            Description = "Reconcile only while holding the Lease (run several replicas).",
            DefaultValueFactory = _ => defaults.LeaderElect,
        };
        var leaseNamespace = new Option<string>("--leader-election-namespace")
        {
            Description = "Namespace of the Lease.",
            DefaultValueFactory = _ => defaults.LeaderElectionNamespace,
        };
        var leaseName = new Option<string>("--lease-name") { Description = "Name of the Lease.", DefaultValueFactory = _ => defaults.LeaseName };
        var leaseDuration = new Option<int>("--lease-duration-seconds")
        {
            Description = "Lease duration in seconds.",
            DefaultValueFactory = _ => (int)defaults.LeaseDuration.TotalSeconds,
        };
        var identity = new Option<string?>("--identity") { Description = "This replica's identity in the Lease (default: host name and a random suffix)." };
        var watchNamespaces = new Option<string[]>("--watch-namespace")
        {
            Description = "Namespace whose ConfigMaps, Services, ServiceAccounts and DaemonSets are cached (repeatable; objects elsewhere are read directly).",
            DefaultValueFactory = _ => [.. defaults.WatchNamespaces],
            Arity = ArgumentArity.OneOrMore,
        };
        var metrics = new Option<string>("--metrics-address")
        {
            Description = "Address for /metrics ('' for none).",
            DefaultValueFactory = _ => defaults.MetricsAddress,
        };
        var health = new Option<string>("--health-address")
        {
            Description = "Address for /healthz and /readyz.",
            DefaultValueFactory = _ => defaults.HealthAddress,
        };
        var resync = new Option<int>("--resync-seconds")
        {
            Description = "Reconcile every NodeLocalDns at least this often.",
            DefaultValueFactory = _ => (int)defaults.ResyncPeriod.TotalSeconds,
        };
        var logFormat = new Option<LogFormat>("--log-format")
        {
            Description = "text, or json: one JSON object per line, for log collectors.",
            DefaultValueFactory = _ => defaults.LogFormat,
        };

        // The renew deadline and retry period derive from the lease (2/3 and 2/15); below a few seconds the
        // leader could not renew in time and the Lease would flap between replicas.
        AtLeast(leaseDuration, 3, "seconds");
        AtLeast(resync, 1, "seconds");

        var command = new Command("run", "Run the controller: watch NodeLocalDns objects and the cluster's DNS config, and keep the node cache in line.");
        var commandOptions = new Option[]
        {
            kubeconfig, leaderElect, leaseNamespace, leaseName, leaseDuration, identity, watchNamespaces,
            metrics, health, resync, logFormat,
        };
        foreach (var option in commandOptions)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new OperatorRunOptions
            {
                Kubeconfig = result.GetValue(kubeconfig),
                LeaderElect = result.GetValue(leaderElect),
                LeaderElectionNamespace = result.GetValue(leaseNamespace)!,
                LeaseName = result.GetValue(leaseName)!,
                LeaseDuration = TimeSpan.FromSeconds(result.GetValue(leaseDuration)),
                Identity = result.GetValue(identity),
                WatchNamespaces = result.GetValue(watchNamespaces)!,
                MetricsAddress = result.GetValue(metrics)!,
                HealthAddress = result.GetValue(health)!,
                ResyncPeriod = TimeSpan.FromSeconds(result.GetValue(resync)),
                LogFormat = result.GetValue(logFormat),
            };

            // A missing or broken kubeconfig (or a pod without its service account token) is one line, not a stack trace.
            k8s.KubernetesClientConfiguration configuration;
            try
            {
                configuration = KubernetesClientFactory.Configuration(options.Kubeconfig);
            }
            catch (k8s.Exceptions.KubeConfigException e)
            {
                var message = $"nodelocal-operator: no Kubernetes API server to talk to: {e.Message.TrimEnd('.')}. " +
                    "Outside a pod, pass --kubeconfig FILE or set KUBECONFIG.";
                await console.Error.WriteLineAsync(message).ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            await using var host = OperatorHost.Build(options, new k8s.Kubernetes(configuration));

            // SIGTERM cancels the token: the host stops (releases the Lease, finishes the reconcile in flight) and
            // RunAsync returns by itself, rather than being abandoned.
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return Environment.ExitCode;
        });
        return command;
    }

    private static void AtLeast(Option<int> option, int minimum, string unit) =>
        option.Validators.Add(result =>
        {
            // A value that is not a number already has the parser's own error; reading it here would throw.
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, out var value) && value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum} {unit}.");
            }
        });
}
