using BenchmarkDotNet.Running;
using NodeLocalDns.Benchmarks.Rendering;

// Runs the benchmarks selected on the command line (e.g. --filter '*'), then checks the targets the
// issues set, so `make bench` says plainly whether they hold.
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
    Console.WriteLine($"target: extract + render of 1,000 stub domains < {StubDomainRenderingBenchmarks.Target.TotalMilliseconds} ms: measured {mean.TotalMilliseconds:F2} ms -> {(ok ? "MET" : "MISSED")}");
}

return failed ? 1 : 0;
