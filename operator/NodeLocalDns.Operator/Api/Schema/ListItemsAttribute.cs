namespace NodeLocalDns.Operator.Api.Schema;

/// <summary>Constraints on a list's items: size bounds, and whether items must be unique (<c>x-kubernetes-list-type: set</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListItemsAttribute : Attribute
{
    /// <summary>The fewest items.</summary>
    public int MinItems { get; init; } = -1;

    /// <summary>The most items.</summary>
    public int MaxItems { get; init; } = -1;

    /// <summary>Items form a set.</summary>
    public bool Unique { get; init; }

    /// <summary>A pattern every string item must match.</summary>
    public string? ItemPattern { get; init; }

    /// <summary>The longest string item (keeps CEL rules over the items cheap in the API server's cost estimate).</summary>
    public int ItemMaxLength { get; init; } = -1;

    /// <summary>
    /// Items are objects keyed by these fields (<c>x-kubernetes-list-type: map</c>): server-side apply merges them by
    /// key and the API server refuses two items with the same key.
    /// </summary>
    public string[]? MapKeys { get; init; }
}
