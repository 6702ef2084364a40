using k8s;

namespace NodeLocalDns.Operator.Api.V1Alpha1;

/// <summary>Makes the client's serializer (<see cref="KubernetesJson"/>) able to read and write the NodeLocalDns types.</summary>
public static class ApiJson
{
    private static int _registered;

    /// <summary>
    /// Puts <see cref="NodeLocalDnsJsonContext"/> first in KubernetesJson's resolver chain, once, before the first
    /// (de)serialization (the options freeze then). With KubernetesClient.Aot the chain holds the client's own
    /// generated context; the reflection-based client (tests, <c>dotnet run</c>) has an empty chain, resolves every type
    /// by reflection, and is left as it is.
    /// </summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        KubernetesJson.AddJsonOptions(options =>
        {
            if (options.TypeInfoResolverChain.Count > 0)
            {
                options.TypeInfoResolverChain.Insert(0, NodeLocalDnsJsonContext.Default);
            }
        });
    }
}
