namespace NodeLocalDns.KubeApiServer.Tests.Support;

internal sealed record KubectlResult(int ExitCode, string Stdout, string Stderr);
