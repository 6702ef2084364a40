namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary><c>DeleteOptions.propagationPolicy</c>: what happens to the dependents of a deleted owner.</summary>
internal enum PropagationPolicy
{
    /// <summary>Delete the owner now; the garbage collector deletes dependents afterwards (the default).</summary>
    Background,

    /// <summary>The owner waits (with the foregroundDeletion finalizer) until blocking dependents are gone.</summary>
    Foreground,

    /// <summary>Dependents lose their owner reference and survive (the orphan finalizer).</summary>
    Orphan,
}
