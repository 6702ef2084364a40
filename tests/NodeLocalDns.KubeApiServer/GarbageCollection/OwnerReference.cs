using System.Text.Json;

namespace NodeLocalDns.KubeApiServer.GarbageCollection;

/// <summary>The parts of <c>metadata.ownerReferences[]</c> the garbage collector acts on.</summary>
internal sealed record OwnerReference(string Uid, bool BlockOwnerDeletion)
{
    public static IReadOnlyList<OwnerReference> Read(JsonElement obj)
    {
        if (!obj.TryGetProperty("metadata", out var metadata) || !metadata.TryGetProperty("ownerReferences", out var references)
            || references.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<OwnerReference>();
        foreach (var reference in references.EnumerateArray())
        {
            if (reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String)
            {
                var blocks = reference.TryGetProperty("blockOwnerDeletion", out var block) && block.ValueKind == JsonValueKind.True;
                result.Add(new OwnerReference(uid.GetString()!, blocks));
            }
        }

        return result;
    }
}
