using System.Text.Json.Serialization;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>How much the daemon logs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DaemonLogLevel>))]
public enum DaemonLogLevel
{
    /// <summary>Errors only.</summary>
    [JsonStringEnumMemberName("Normal")]
    Normal,

    /// <summary>Every query too (the <c>log</c> directive); for debugging.</summary>
    [JsonStringEnumMemberName("Debug")]
    Debug,
}
