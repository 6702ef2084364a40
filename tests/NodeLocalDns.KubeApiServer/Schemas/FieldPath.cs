namespace NodeLocalDns.KubeApiServer.Schemas;

/// <summary>Field paths as the API server prints them (<c>spec.localIPs[0]</c>, <c>spec.nodeSelector[kubernetes.io/os]</c>).</summary>
internal static class FieldPath
{
    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    public static string Key(string path, string key) => $"{path}[{key}]";
}
