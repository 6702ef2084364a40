namespace NodeLocalDns.Operator.Api.Schema;

/// <summary>An OpenAPI <c>format</c> for a string property (e.g. <c>ipv4</c>, <c>duration</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaFormatAttribute(string format) : Attribute
{
    /// <summary>The format name.</summary>
    public string Format { get; } = format;
}
