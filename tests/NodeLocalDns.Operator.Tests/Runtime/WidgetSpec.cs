using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Tests.Runtime;

public sealed class WidgetSpec
{
    [JsonPropertyName("size")]
    public int Size { get; set; }
}
