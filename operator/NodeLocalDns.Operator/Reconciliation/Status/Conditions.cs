using k8s.Models;

namespace NodeLocalDns.Operator.Reconciliation.Status;

/// <summary>
/// Condition list updates with the semantics of apimachinery's <c>meta.SetStatusCondition</c>: a condition
/// keeps its <c>lastTransitionTime</c> unless its status flips, so an unchanged world yields an identical
/// status and no write.
/// </summary>
public static class Conditions
{
    /// <summary>Returns <paramref name="existing"/> with <paramref name="condition"/> set.</summary>
    public static List<V1Condition> Set(IReadOnlyList<V1Condition>? existing, V1Condition condition, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var list = existing?.Where(c => c.Type != condition.Type).ToList() ?? [];
        var previous = existing?.FirstOrDefault(c => c.Type == condition.Type);
        condition.LastTransitionTime = previous is not null && previous.Status == condition.Status ? previous.LastTransitionTime : now;
        list.Add(condition);
        return list;
    }

    /// <summary>The condition of <paramref name="type"/>, if present.</summary>
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Whether the condition is present with status True.</summary>
    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) => Find(conditions, type)?.Status == "True";
}
