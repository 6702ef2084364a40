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
/// The operator as it runs (the published <c>nodelocal-operator run</c> process, as users start it: no environment
/// variables set here) against the in-process API server: the time from process start to its first reconcile (the
/// node-cache ConfigMap written for a NodeLocalDns that already exists; target under 1 s), its RSS idle (target 64
/// MiB), its RSS with 1,000 ConfigMaps of 1 KiB and 200 Services in the namespace it caches (target 96 MiB), and the
/// time from a CoreDNS ConfigMap change to the node-cache ConfigMap carrying it (target p99 under 200 ms).
/// </summary>
internal static class OperatorScenario
{
    public static readonly TimeSpan LatencyTarget = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan StartTarget = TimeSpan.FromSeconds(1);
    public const double IdleTargetMiB = 64;
    public const double LoadedTargetMiB = 96;

    private static readonly int ExtraConfigMaps = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CONFIGMAPS"), out var n) ? n : 1000;
    private const int ExtraServices = 200;
    private const int Changes = 100;

    /// <summary>How long the process is left alone before its RSS is read: the runtime trims its heap after a quiet spell.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(8);

    public static async Task<bool> RunAsync(string operatorBinary)
    {
        await using var server = await TestKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdGenerator.NodeLocalDns());
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "kube-dns", NamespaceProperty = "kube-system" },
            Spec = new V1ServiceSpec
            {
                ClusterIP = "10.96.0.10",
                Selector = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" },
                Ports = [new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP" }],
            },
        }, "kube-system");
        var corefile = ".:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n";
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "coredns", NamespaceProperty = "kube-system" },
            Data = new Dictionary<string, string> { ["Corefile"] = corefile },
        }, "kube-system");
        await client.CustomObjects.CreateClusterCustomObjectAsync(
            new V1Alpha1NodeLocalDns { Metadata = new V1ObjectMeta { Name = "default" } },
            V1Alpha1NodeLocalDns.ApiGroup, V1Alpha1NodeLocalDns.Version, V1Alpha1NodeLocalDns.Plural);

        var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"operator-bench-{Guid.NewGuid():N}.kubeconfig"));
        var info = new ProcessStartInfo(operatorBinary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "run", "--kubeconfig", kubeconfig,
                     "--metrics-address", $"127.0.0.1:{FreePort.Next()}", "--health-address", $"127.0.0.1:{FreePort.Next()}",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var started = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (!await Eventually.HoldsAsync(async () => (await NodeCacheCorefile(client)) is not null, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(5)))
            {
                Console.WriteLine("operator: the node-cache ConfigMap never appeared");
                return false;
            }

            var firstReconcile = started.Elapsed;
            var firstReconcileCpu = CpuTime(process.Id);
            await Task.Delay(Settle);
            var idle = ResidentMiB(process.Id);
            Console.WriteLine($"idle: {Breakdown(process.Id)}");

            // The worst case for the operator's memory: every ConfigMap and Service sits in a namespace it caches.
            var payload = new string('x', 1024);
            for (var i = 0; i < ExtraConfigMaps; i++)
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta { Name = $"app-config-{i}", NamespaceProperty = "kube-system" },
                    Data = new Dictionary<string, string> { ["settings"] = payload },
                }, "kube-system");
            }

            for (var i = 0; i < ExtraServices; i++)
            {
                await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = $"app-{i}",
                        NamespaceProperty = "kube-system",
                        Labels = new Dictionary<string, string> { ["app"] = $"app-{i}" },
                    },
                    Spec = new V1ServiceSpec
                    {
                        Selector = new Dictionary<string, string> { ["app"] = $"app-{i}" },
                        Ports = [new V1ServicePort { Name = "http", Port = 80, Protocol = "TCP" }],
                    },
                }, "kube-system");
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
                if (!await Eventually.HoldsAsync(
                    async () => (await NodeCacheCorefile(client))?.Contains(marker, StringComparison.Ordinal) == true,
                    TimeSpan.FromSeconds(10),
                    TimeSpan.FromMilliseconds(2)))
                {
                    Console.WriteLine($"operator: change {i} never arrived");
                    return false;
                }

                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }

            await Task.Delay(Settle);
            var loaded = ResidentMiB(process.Id);
            Console.WriteLine($"loaded: {Breakdown(process.Id)}");
            latencies.Sort();
            var p50 = latencies[latencies.Count / 2];
            var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
            var results = new (string Target, string Measured, bool Met)[]
            {
                (Invariant($"start to first reconcile < {StartTarget.TotalMilliseconds} ms"),
                    Invariant($"{firstReconcile.TotalMilliseconds:F0} ms"), firstReconcile < StartTarget),
                (Invariant($"RSS idle <= {IdleTargetMiB} MiB"), Invariant($"{idle:F1} MiB"), idle <= IdleTargetMiB),
                (Invariant($"RSS with {ExtraConfigMaps} ConfigMaps and {ExtraServices} Services <= {LoadedTargetMiB} MiB"),
                    Invariant($"{loaded:F1} MiB"), loaded <= LoadedTargetMiB),
                (Invariant($"ConfigMap change to node-cache ConfigMap p99 < {LatencyTarget.TotalMilliseconds} ms"),
                    Invariant($"{p99:F1} ms (p50 {p50:F1}, max {latencies[^1]:F1})"), p99 < LatencyTarget.TotalMilliseconds),
            };
            Console.WriteLine();
            Console.WriteLine("| operator scenario | measured |");
            Console.WriteLine("| --- | --- |");
            Console.WriteLine("| start to first reconcile (process start → node-cache ConfigMap written) "
                + Invariant($"| {firstReconcile.TotalMilliseconds:F0} ms ")
                + Invariant($"({firstReconcileCpu.TotalMilliseconds:F0} ms of CPU, load average {LoadAverage()}) |"));
            Console.WriteLine(Invariant($"| RSS idle ({Settle.TotalSeconds:F0} s after the first reconcile) | {idle:F1} MiB |"));
            Console.WriteLine(Invariant($"| RSS loaded ({ExtraConfigMaps} ConfigMaps of 1 KiB and {ExtraServices} Services cached, ")
                + Invariant($"{Changes} Corefile changes) | {loaded:F1} MiB |"));
            Console.WriteLine(Invariant($"| CoreDNS ConfigMap change → node-cache ConfigMap, p50 / p99 / max | {p50:F1} / {p99:F1} / {latencies[^1]:F1} ms |"));
            foreach (var (target, measured, met) in results)
            {
                Console.WriteLine($"target: {target}: measured {measured} -> {(met ? "MET" : "MISSED")}");
            }

            return results.All(r => r.Met);
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

    /// <summary>
    /// The CPU time the process has used (user and system, /proc/PID/stat fields 14 and 15): on a machine other work
    /// shares, the wall-clock start-up time says more about the machine than about the operator.
    /// </summary>
    private static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) is in parentheses and may hold spaces; the fields after it are space separated.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);

        // USER_HZ is 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Anonymous (heaps, JIT code, stacks) and file-backed (mapped assemblies, precompiled code) resident memory.</summary>
    private static string Breakdown(int pid)
    {
        var status = string.Join(", ", File.ReadLines($"/proc/{pid}/status")
            .Where(l => l.StartsWith("Rss", StringComparison.Ordinal) || l.StartsWith("Threads:", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))));
        if (Environment.GetEnvironmentVariable("BENCH_MAPS") is null)
        {
            return status;
        }

        // The largest mappings by resident size, for finding where memory goes.
        var sizes = new Dictionary<string, long>();
        string current = "?";
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal))
            {
                current = fields.Length >= 6 ? fields[5] : "[anon]";
            }
            else if (fields.Length >= 2 && fields[0] == "Rss:")
            {
                sizes[current] = sizes.GetValueOrDefault(current) + long.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        return status + "\n  " + string.Join("\n  ", sizes.OrderByDescending(p => p.Value).Take(15).Select(p => $"{p.Value} kB {p.Key}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
