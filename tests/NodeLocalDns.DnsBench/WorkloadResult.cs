namespace NodeLocalDns.DnsBench;

/// <summary>One row of the report: a server under one workload.</summary>
internal sealed record WorkloadResult(
    string Server,
    string Workload,
    double Qps,
    long Lost,
    long Sent,
    double CpuMicrosPerQuery,
    double P50Ms,
    double P99Ms,
    double RssMiB,
    int Round = 1);
