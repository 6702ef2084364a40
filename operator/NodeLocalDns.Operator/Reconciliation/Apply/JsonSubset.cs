using System.Text.Json.Nodes;
using k8s;

namespace NodeLocalDns.Operator.Reconciliation.Apply;

/// <summary>
/// Whether every field the operator sets has the same value in the live object, comparing only what the operator owns.
/// The API server adds defaults (terminationMessagePath, revisionHistoryLimit…), and webhooks, VPA and policy engines add
/// annotations, tolerations, env vars or containers; none of that is drift, or every reconcile would write and the
/// others would write back. So objects are compared field by field, lists of objects item by item (each desired item
/// must be in the live list, matched by <c>name</c> where items have one, else anywhere), and lists of scalars (args,
/// commands) exactly, because their order is their meaning.
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
        (JsonArray l, JsonArray d) when d.Any(item => item is JsonObject) => d.All(item => ContainsItem(l, item)),
        (JsonArray l, JsonArray d) => l.Count == d.Count && l.Zip(d).All(pair => Contains(pair.First, pair.Second)),
        (JsonValue l, JsonValue d) => ScalarEquals(l, d),
        _ => false,
    };

    private static bool ContainsItem(JsonArray live, JsonNode? desired) =>
        desired is JsonObject { } item && item["name"] is JsonValue name
            ? live.OfType<JsonObject>().FirstOrDefault(l => l["name"] is JsonValue n && ScalarEquals(n, name)) is { } match && Contains(match, item)
            : live.Any(l => Contains(l, desired));

    // Quantities and int-or-strings may come back in another spelling of the same value ("1" vs 1).
    private static bool ScalarEquals(JsonValue live, JsonValue desired) =>
        JsonNode.DeepEquals(live, desired) || live.ToString() == desired.ToString();
}
