using System.Text.Json.Nodes;
using k8s;

namespace NodeLocalDns.Operator.Reconciliation.Apply;

/// <summary>
/// Whether every field the operator sets has the same value in the live object. The API server adds
/// defaults (terminationMessagePath, revisionHistoryLimit…) and others add annotations; those extra
/// fields must not count as drift, or each reconcile would write and the defaults would fight back.
/// </summary>
public static class JsonSubset
{
    /// <summary>True when <paramref name="desired"/> is contained in <paramref name="live"/>.</summary>
    public static bool IsContainedIn(object desired, object live) =>
        Contains(JsonNode.Parse(KubernetesJson.Serialize(live)), JsonNode.Parse(KubernetesJson.Serialize(desired)));

    private static bool Contains(JsonNode? live, JsonNode? desired) => (live, desired) switch
    {
        (_, null) => true,
        (null, _) => false,
        (JsonObject l, JsonObject d) => d.All(p => p.Value is null || (l.TryGetPropertyValue(p.Key, out var v) && Contains(v, p.Value))),
        (JsonArray l, JsonArray d) => l.Count == d.Count && l.Zip(d).All(pair => Contains(pair.First, pair.Second)),
        (JsonValue l, JsonValue d) => ScalarEquals(l, d),
        _ => false,
    };

    // Quantities and int-or-strings may come back in another spelling of the same value ("1" vs 1).
    private static bool ScalarEquals(JsonValue live, JsonValue desired) =>
        JsonNode.DeepEquals(live, desired) || live.ToString() == desired.ToString();
}
