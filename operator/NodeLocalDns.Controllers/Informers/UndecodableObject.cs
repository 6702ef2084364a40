using NodeLocalDns.Controllers.Reconcile;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>An object the informer received but could not turn into its typed model; it is kept out of the store until it can.</summary>
/// <param name="Key">Its namespace and name.</param>
/// <param name="Uid">Its uid, for events about it.</param>
/// <param name="ResourceVersion">The version that could not be decoded.</param>
/// <param name="Error">Why (the decoder's message, naming the field).</param>
public sealed record UndecodableObject(ObjectKey Key, string? Uid, string? ResourceVersion, string Error);
