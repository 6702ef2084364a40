using System.Globalization;
using k8s;
using k8s.Models;
using NodeLocalDns.KubeApiServer;

namespace NodeLocalDns.LocalCluster;

/// <summary>
/// The product at work on a machine with no cluster: the in-process API server as the cluster (with the CRD,
/// kubeadm's CoreDNS config plus a stub domain and an AKS/k3s-style coredns-custom, the kube-dns Service), the
/// published operator reconciling a NodeLocalDns, kubectl showing what an admin sees, and the published daemon
/// serving the Corefile the operator rendered, on loopback, in front of local servers that stand in for CoreDNS
/// and the stub domains' servers. Every step prints what it does and the commands a person can repeat.
/// </summary>
internal static class LocalDemo
{
    private const string CacheAddress = "127.0.0.10";
    private const string CoreDnsStandIn = "127.0.0.11";
    private const string StubStandIn = "127.0.0.12";
    private const int Port = 1053;

    public static async Task<int> RunAsync(string root, CancellationToken stop)
    {
        var work = Path.Combine(root, "out", "run");
        Directory.CreateDirectory(work);
        await using var server = await TestKubeApiServer.StartAsync();
        var kubeconfig = server.WriteKubeconfig(Path.Combine(work, "kubeconfig"));
        string[] kubectl = ["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(work, "kubectl-cache")];
        Console.WriteLine($"== mode: local. No reachable cluster in the kubeconfig, so an embedded one (the in-process API server) runs at {server.BaseUri}");
        Console.WriteLine($"   In another shell: export KUBECONFIG={kubeconfig}");

        Console.WriteLine("== the cluster: kube-system, the kube-dns Service, CoreDNS's ConfigMaps (operator/examples/coredns-configmap.yaml), the CRD");
        server.PutObject("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kube-system"}}""");
        server.PutObject("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"kube-dns","namespace":"kube-system","labels":{"k8s-app":"kube-dns"}},
             "spec":{"clusterIP":"10.96.0.10","selector":{"k8s-app":"kube-dns"},
                     "ports":[{"name":"dns","port":53,"protocol":"UDP"},{"name":"dns-tcp","port":53,"protocol":"TCP"}]}}
            """);
        await KubectlAsync(kubectl, "apply", "-f", Path.Combine(root, "operator", "examples", "coredns-configmap.yaml"));
        await KubectlAsync(kubectl, "apply", "-f", Path.Combine(root, "crds", "dns.nodelocal.io_nodelocaldnses.yaml"));

        Console.WriteLine("== the operator: out/operator/nodelocal-operator run");
        await using var operatorProcess = ChildProcess.Start(Repository.Operator(root), ["run", "--kubeconfig", kubeconfig, "--metrics-address", "127.0.0.1:0", "--health-address", "127.0.0.1:0"]);
        Console.WriteLine("== kubectl apply -f crds/samples/nodelocaldns-default.yaml");
        await KubectlAsync(kubectl, "apply", "-f", Path.Combine(root, "crds", "samples", "nodelocaldns-default.yaml"));

        using var client = server.CreateClient();
        var corefile = await WaitForCorefileAsync(client, operatorProcess, stop);
        if (corefile is null)
        {
            Console.Error.WriteLine($"the operator wrote no node-cache ConfigMap within 30 s:\n{operatorProcess.Output}");
            return 1;
        }

        // No kubelet runs here: report one node with a ready pod, as kubelet would once the pod ran.
        await ReportOneNodeReadyAsync(client);
        await WaitForAvailableAsync(kubectl, stop);
        Console.WriteLine("== kubectl get nld");
        await KubectlAsync(kubectl, "get", "nld");
        Console.WriteLine("== kubectl describe nld default");
        await KubectlAsync(kubectl, "describe", "nld", "default");
        Console.WriteLine("== the Corefile it rendered (kubectl -n kube-system get configmap node-local-dns -o jsonpath='{.data.Corefile}')");
        Console.WriteLine(corefile);

        var upstream = (await client.CoreV1.ReadNamespacedServiceAsync("kube-dns-upstream", "kube-system", cancellationToken: stop)).Spec.ClusterIP;
        var standIns = new Dictionary<string, string>(StringComparer.Ordinal) { [upstream] = $"{CoreDnsStandIn}:{Port}" };
        foreach (var stub in new[] { "10.1.2.3", "10.4.5.6", "192.168.50.2" })
        {
            standIns[stub] = $"{StubStandIn}:{Port}";
        }

        Console.WriteLine($"== the daemon, on loopback: this machine is not a node, so the Corefile moves to {CacheAddress}:{Port} and its upstreams to local stand-ins");
        Console.WriteLine($"   CoreDNS (kube-dns-upstream {upstream}) -> dnsmasq on {CoreDnsStandIn}:{Port}; some.corp and lab.example.internal servers -> dnsmasq on {StubStandIn}:{Port}");
        await using var coreDns = Dnsmasq(work, CoreDnsStandIn, "--address=/kubernetes.default.svc.cluster.local/10.96.0.1", "--local=/cluster.local/", "--address=/www.example.com/93.184.215.14");
        await using var stubs = Dnsmasq(work, StubStandIn, "--address=/some.corp/10.1.2.100", "--address=/lab.example.internal/192.168.50.10");
        var loopbackCorefile = Path.Combine(work, "Corefile");
        await File.WriteAllTextAsync(loopbackCorefile, LoopbackCorefile.Rewrite(corefile, CacheAddress, Port, standIns), stop);
        await using var daemon = ChildProcess.Start(Repository.Daemon(root), ["-conf", loopbackCorefile, "-metrics-listen-address=", "-probesocket", Path.Combine(work, "probe.sock"), "-instancedir", Path.Combine(work, "instances")]);
        if (!await WaitForDaemonAsync(root, work, daemon, stop))
        {
            Console.Error.WriteLine($"the daemon did not become ready:\n{daemon.Output}");
            return 1;
        }

        foreach (var (name, what) in new[]
        {
            ("www.some.corp", "a stub domain from CoreDNS's own Corefile: answered by its server, not the node's resolv.conf"),
            ("host.lab.example.internal", "a stub domain from coredns-custom's lab.server"),
            ("kubernetes.default.svc.cluster.local", "a cluster name: through CoreDNS"),
            ("www.example.com", "any other name: through CoreDNS, as upstream mode ClusterDNS says"),
        })
        {
            Console.WriteLine($"$ dig @{CacheAddress} -p {Port} +short {name}        # {what}");
            var dig = await ChildProcess.RunAsync("dig", [$"@{CacheAddress}", "-p", Port.ToString(CultureInfo.InvariantCulture), "+short", "+time=2", "+tries=2", name]);
            Console.WriteLine(dig.Output.Trim().Length > 0 ? dig.Output.Trim() : "(no answer)");
        }

        Console.WriteLine($"$ curl -s http://{CacheAddress}:{Port + 3}/metrics | grep coredns_dns_requests_total");
        Console.WriteLine($"== running (local mode): the API server, the operator (pid {operatorProcess.Pid}) and the daemon (pid {daemon.Pid}). Stop with Ctrl+C.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("== stopping");
        return 0;
    }

    private static async Task KubectlAsync(string[] kubectl, params string[] arguments)
    {
        var result = await ChildProcess.RunAsync("kubectl", [.. kubectl, .. arguments]);
        Console.WriteLine(result.Output.TrimEnd());
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', arguments)} failed");
        }
    }

    private static async Task<string?> WaitForCorefileAsync(Kubernetes client, ChildProcess operatorProcess, CancellationToken stop)
    {
        for (var i = 0; i < 150 && !operatorProcess.HasExited; i++)
        {
            try
            {
                var configMap = await client.CoreV1.ReadNamespacedConfigMapAsync("node-local-dns", "kube-system", cancellationToken: stop);
                if (configMap.Data?.TryGetValue("Corefile", out var corefile) == true)
                {
                    return corefile;
                }
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }

            await Task.Delay(200, stop);
        }

        return null;
    }

    private static async Task ReportOneNodeReadyAsync(Kubernetes client)
    {
        var daemonSet = await client.AppsV1.ReadNamespacedDaemonSetAsync("node-local-dns", "kube-system");
        daemonSet.Status = new V1DaemonSetStatus
        {
            DesiredNumberScheduled = 1,
            CurrentNumberScheduled = 1,
            UpdatedNumberScheduled = 1,
            NumberReady = 1,
            NumberAvailable = 1,
            NumberMisscheduled = 0,
            ObservedGeneration = daemonSet.Metadata.Generation,
        };
        await client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(daemonSet, "node-local-dns", "kube-system");
    }

    private static async Task WaitForAvailableAsync(string[] kubectl, CancellationToken stop)
    {
        for (var i = 0; i < 50; i++)
        {
            var available = await ChildProcess.RunAsync("kubectl", [.. kubectl, "get", "nld", "default", "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].status}"]);
            if (available.Output.Trim() == "True")
            {
                return;
            }

            await Task.Delay(200, stop);
        }
    }

    private static async Task<bool> WaitForDaemonAsync(string root, string work, ChildProcess daemon, CancellationToken stop)
    {
        for (var i = 0; i < 100 && !daemon.HasExited; i++)
        {
            var probe = await ChildProcess.RunAsync(Repository.Daemon(root), ["-probe", "ready", "-probesocket", Path.Combine(work, "probe.sock")]);
            if (probe.ExitCode == 0)
            {
                return true;
            }

            await Task.Delay(100, stop);
        }

        return false;
    }

    private static ChildProcess Dnsmasq(string work, string address, params string[] answers) =>
        ChildProcess.Start("/usr/sbin/dnsmasq",
        [
            "-k", "-C", "/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces", $"--listen-address={address}",
            $"--port={Port}", "--user=root", $"--pid-file={Path.Combine(work, $"dnsmasq-{address}.pid")}", .. answers,
        ]);
}
