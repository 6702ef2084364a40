namespace NodeLocalDns.Controllers.Informers;

/// <summary>A complete list of objects and the resourceVersion it was read at, from which a watch continues.</summary>
/// <param name="Items">Every object that matched and decoded, across all pages.</param>
/// <param name="ResourceVersion">The list's <c>metadata.resourceVersion</c>.</param>
public sealed record ObjectList<T>(IReadOnlyList<T> Items, string ResourceVersion)
{
    /// <summary>Objects that matched but do not decode into <typeparamref name="T"/>; they are left out of <see cref="Items"/>.</summary>
    public IReadOnlyList<UndecodableObject> Undecodable { get; init; } = [];
}
