using BenchmarkDotNet.Running;
using NodeLocalDns.Benchmarks.Operator;
using NodeLocalDns.Benchmarks.Rendering;
using NodeLocalDns.Testing;

// `--operator` runs the operator scenario against the published binary; anything else goes to
// BenchmarkDotNet (e.g. --filter '*'). Both end by checking the targets the issues set, so `make bench`
// says plainly whether they hold.
if (args.Length > 0 && args[0] == "--operator")
{
    var binary = args.Length > 1 ? args[1] : TestData.Repo("out", "operator", "nodelocal-operator");
    return await OperatorScenario.RunAsync(binary) ? 0 : 1;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(StubDomainRenderingBenchmarks).Assembly).Run(args);
var failed = false;
foreach (var report in summaries.SelectMany(s => s.Reports))
{
    if (report.BenchmarkCase.Descriptor.WorkloadMethod.Name != nameof(StubDomainRenderingBenchmarks.ExtractAndRender) || report.ResultStatistics is null)
    {
        continue;
    }

    var mean = TimeSpan.FromTicks((long)(report.ResultStatistics.Mean / 100));
    var ok = mean < StubDomainRenderingBenchmarks.Target;
    failed |= !ok;
    Console.WriteLine($"target: extract + render of 1,000 stub domains < {StubDomainRenderingBenchmarks.Target.TotalMilliseconds} ms: " +
        $"measured {mean.TotalMilliseconds:F2} ms -> {(ok ? "MET" : "MISSED")}");
}

return failed ? 1 : 0;
