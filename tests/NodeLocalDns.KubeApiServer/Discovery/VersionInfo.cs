using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Discovery;

/// <summary>The <c>/version</c> document (k8s.io/apimachinery/pkg/version.Info).</summary>
internal static class VersionInfo
{
    public static JsonObject Build(string gitVersion)
    {
        var numbers = gitVersion.TrimStart('v').Split('.', '-', '+');
        return new JsonObject
        {
            ["major"] = numbers.ElementAtOrDefault(0) ?? "1",
            ["minor"] = numbers.ElementAtOrDefault(1) ?? "0",
            ["gitVersion"] = gitVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2024-12-11T00:00:00Z",
            ["goVersion"] = "go1.23.4",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }
}
