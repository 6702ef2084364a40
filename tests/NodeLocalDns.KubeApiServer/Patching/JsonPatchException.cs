namespace NodeLocalDns.KubeApiServer.Patching;

/// <summary>A JSON Patch operation that could not be applied (a failed <c>test</c>, a missing path, ...): 422 in the apiserver.</summary>
internal sealed class JsonPatchException : Exception
{
    public JsonPatchException()
    {
    }

    public JsonPatchException(string message)
        : base(message)
    {
    }

    public JsonPatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
