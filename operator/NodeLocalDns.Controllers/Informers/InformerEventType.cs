namespace NodeLocalDns.Controllers.Informers;

/// <summary>What happened to an object in an informer's store.</summary>
public enum InformerEventType
{
    /// <summary>The object appeared: created, newly matched a selector, or found by a (re)list.</summary>
    Added,

    /// <summary>The object changed (its resourceVersion differs from the cached one).</summary>
    Updated,

    /// <summary>The object is gone: deleted, stopped matching a selector, or missing from a relist.</summary>
    Deleted,
}
