namespace NodeLocalDns.Controllers.Informers;

/// <summary>A complete list of objects and the resourceVersion it was read at, from which a watch continues.</summary>
/// <param name="Items">Every object that matched, across all pages.</param>
/// <param name="ResourceVersion">The list's <c>metadata.resourceVersion</c>.</param>
public sealed record ObjectList<T>(IReadOnlyList<T> Items, string ResourceVersion);
