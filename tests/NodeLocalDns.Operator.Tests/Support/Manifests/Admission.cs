using System.Text.Json.Nodes;

namespace NodeLocalDns.Operator.Tests.Support.Manifests;

/// <summary>What the API server answered a write: the HTTP code, the Status message (on errors) and the stored object (on success).</summary>
internal sealed record Admission(int Code, string Message, JsonObject? Object)
{
    public bool Accepted => Code is 200 or 201;

    public override string ToString() => $"{Code} {Message}";
}
