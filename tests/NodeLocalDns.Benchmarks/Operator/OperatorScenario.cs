using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using NodeLocalDns.KubeApiServer;
using NodeLocalDns.Operator.Api.Schema;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Testing;
using NodeLocalDns.Testing.Peers;

namespace NodeLocalDns.Benchmarks.Operator;

/// <summary>
/// The operator as it runs (the published <c>nodelocal-operator run</c> process) against the in-process API
/// server holding 1,000 ConfigMaps: the time from a CoreDNS ConfigMap change to the node-cache ConfigMap
/// carrying it (target p99 under 200 ms), and the operator's memory.
/// </summary>
internal static class OperatorScenario
{
    public static readonly TimeSpan LatencyTarget = TimeSpan.FromMilliseconds(200);

    private static readonly int ExtraConfigMaps = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CONFIGMAPS"), out var n) ? n : 1000;
    private const int Changes = 100;

    public static async Task<bool> RunAsync(string operatorBinary)
    {
        await using var server = await TestKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdGenerator.NodeLocalDns());
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "kube-dns", NamespaceProperty = "kube-system" },
            Spec = new V1ServiceSpec { ClusterIP = "10.96.0.10", Selector = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }, Ports = [new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP" }] },
        }, "kube-system");
        var corefile = ".:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n";
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "coredns", NamespaceProperty = "kube-system" }, Data = new Dictionary<string, string> { ["Corefile"] = corefile } }, "kube-system");

        // The worst case for the operator's memory: every ConfigMap sits in a namespace it caches.
        var payload = new string('x', 1024);
        for (var i = 0; i < ExtraConfigMaps; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"app-config-{i}", NamespaceProperty = "kube-system" }, Data = new Dictionary<string, string> { ["settings"] = payload } }, "kube-system");
        }

        var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"operator-bench-{Guid.NewGuid():N}.kubeconfig"));
        var info = new ProcessStartInfo(operatorBinary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--kubeconfig", kubeconfig, "--metrics-address", $"127.0.0.1:{FreePort.Next()}", "--health-address", $"127.0.0.1:{FreePort.Next()}" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(new V1Alpha1NodeLocalDns { Metadata = new V1ObjectMeta { Name = "default" } }, V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural);
            if (!await Eventually.HoldsAsync(async () => (await NodeCacheCorefile(client)) is not null, TimeSpan.FromSeconds(30)))
            {
                Console.WriteLine("operator: the node-cache ConfigMap never appeared");
                return false;
            }

            var latencies = new List<double>();
            for (var i = 0; i < Changes; i++)
            {
                corefile += $"zone{i}.bench:53 {{\n    forward . 10.0.{i / 250}.{i % 250 + 1}\n}}\n";
                var clock = Stopwatch.StartNew();
                var configMap = await client.CoreV1.ReadNamespacedConfigMapAsync("coredns", "kube-system");
                configMap.Data["Corefile"] = corefile;
                await client.CoreV1.ReplaceNamespacedConfigMapAsync(configMap, "coredns", "kube-system");
                var marker = $"zone{i}.bench:53";
                if (!await Eventually.HoldsAsync(async () => (await NodeCacheCorefile(client))?.Contains(marker, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(2)))
                {
                    Console.WriteLine($"operator: change {i} never arrived");
                    return false;
                }

                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }

            latencies.Sort();
            var p50 = latencies[latencies.Count / 2];
            var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
            var rss = ResidentMiB(process.Id);
            var met = p99 < LatencyTarget.TotalMilliseconds;
            Console.WriteLine();
            Console.WriteLine("| operator scenario (1,000 ConfigMaps cached, 100 Corefile changes) | value |");
            Console.WriteLine("| --- | --- |");
            Console.WriteLine(Invariant($"| CoreDNS ConfigMap change → node-cache ConfigMap, p50 | {p50:F1} ms |"));
            Console.WriteLine(Invariant($"| same, p99 (target < {LatencyTarget.TotalMilliseconds} ms) | {p99:F1} ms |"));
            Console.WriteLine(Invariant($"| same, max | {latencies[^1]:F1} ms |"));
            Console.WriteLine(Invariant($"| operator RSS | {rss:F1} MiB |"));
            Console.WriteLine(Invariant($"target: ConfigMap change to node-cache ConfigMap p99 < {LatencyTarget.TotalMilliseconds} ms: measured {p99:F1} ms -> {(met ? "MET" : "MISSED")}"));
            return met;
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            File.Delete(kubeconfig);
        }
    }

    private static async Task<string?> NodeCacheCorefile(k8s.Kubernetes client)
    {
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("kube-system", fieldSelector: "metadata.name=node-local-dns");
        return list.Items.SingleOrDefault()?.Data["Corefile"];
    }

    private static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
