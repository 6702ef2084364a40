using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Errors;

namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>
/// The opaque <c>continue</c> token of a paginated list: like etcd3's, it records the version the first page was read
/// at and the key to resume after, so later pages are consistent with the first (API concepts, "Retrieving large
/// results sets in chunks").
/// </summary>
internal sealed record ContinueToken(long ResourceVersion, string StartAfterNamespace, string StartAfterName)
{
    public string Encode()
    {
        var json = new JsonObject
        {
            ["v"] = "meta.k8s.io/v1",
            ["rv"] = ResourceVersion,
            ["ns"] = StartAfterNamespace,
            ["name"] = StartAfterName,
        }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    public static ContinueToken Decode(string token)
    {
        try
        {
            var json = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)))!.AsObject();
            return new ContinueToken(json["rv"]!.GetValue<long>(), json["ns"]!.GetValue<string>(), json["name"]!.GetValue<string>());
        }
        catch (Exception error) when (error is FormatException or JsonException or NullReferenceException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: " + error.Message);
        }
    }
}
