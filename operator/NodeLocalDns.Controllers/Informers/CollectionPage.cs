using System.Text.Json;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>One page of a list: its items as sent, the list's resourceVersion, and the continue token ("" on the last page).</summary>
internal sealed record CollectionPage(IReadOnlyList<JsonElement> Items, string ResourceVersion, string Continue);
