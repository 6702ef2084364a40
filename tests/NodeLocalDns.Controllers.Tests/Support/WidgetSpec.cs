using System.Text.Json.Serialization;

namespace NodeLocalDns.Controllers.Tests.Support;

public sealed class WidgetSpec
{
    [JsonPropertyName("size")]
    public int Size { get; set; }
}
