using System.Text.Json.Nodes;

namespace NodeLocalDns.KubeApiServer.Defaulting;

/// <summary>Helpers to set a field only when the client left it out, as the generated SetDefaults_* functions do.</summary>
internal static class Defaults
{
    public static void Set(JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }

    public static JsonObject Object(JsonObject obj, string name)
    {
        if (obj[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[name] = created;
        return created;
    }

    public static IEnumerable<JsonObject> Items(JsonObject obj, string name) =>
        obj[name] is JsonArray array ? array.OfType<JsonObject>() : [];
}
