namespace NodeLocalDns.LocalCluster;

/// <summary>The kubebuilder convention: with a cluster in the kubeconfig, `make run` installs the CRD and runs the operator against it.</summary>
internal static class ExistingCluster
{
    /// <summary>The current context when the kubeconfig names a cluster that answers; null otherwise.</summary>
    public static async Task<string?> FindAsync()
    {
        var kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (string.IsNullOrEmpty(kubeconfig) && !File.Exists(home))
        {
            return null;
        }

        var info = await ChildProcess.RunAsync("kubectl", ["cluster-info", "--request-timeout=3s"]);
        if (info.ExitCode != 0)
        {
            Console.WriteLine("The kubeconfig names a cluster that does not answer (kubectl cluster-info failed); using an embedded local cluster instead.");
            return null;
        }

        var context = await ChildProcess.RunAsync("kubectl", ["config", "current-context"]);
        return context.Output.Trim();
    }

    public static async Task<int> RunAsync(string root, string context, CancellationToken stop)
    {
        Console.WriteLine($"== mode: existing cluster (kubeconfig context {context})");
        Console.WriteLine("== kubectl apply -f crds/");
        var apply = await ChildProcess.RunAsync("kubectl", ["apply", "-f", Path.Combine(root, "crds", "dns.nodelocal.io_nodelocaldnses.yaml")]);
        Console.WriteLine(apply.Output);
        if (apply.ExitCode != 0)
        {
            return apply.ExitCode;
        }

        Console.WriteLine("== the operator runs here; it changes nothing until a NodeLocalDns exists. To ask for a node cache:");
        Console.WriteLine("   kubectl apply -f crds/samples/nodelocaldns-default.yaml && kubectl describe nld default");
        Console.WriteLine("== stop with Ctrl+C");
        await using var operatorProcess = ChildProcess.Start(Repository.Operator(root), ["run", "--metrics-address", "127.0.0.1:0", "--health-address", "127.0.0.1:0"], echo: true);
        while (!stop.IsCancellationRequested && !operatorProcess.HasExited)
        {
            await Task.Delay(500, CancellationToken.None);
        }

        return 0;
    }
}
