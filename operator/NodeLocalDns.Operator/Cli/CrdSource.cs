#if !OPERATOR_NATIVE_AOT
using NodeLocalDns.Operator.Api.Schema;
#endif

namespace NodeLocalDns.Operator.Cli;

/// <summary>
/// The NodeLocalDns CRD as YAML for <c>nodelocal-operator crds</c>. The JIT build (<c>make crds</c>, the tests) generates
/// it from the C# API types by reflection; the published NativeAOT binary has no metadata to reflect over, so it carries
/// the file that generator wrote (<c>crds/</c>, embedded at build time; a test keeps that file equal to the generator's).
/// </summary>
internal static class CrdSource
{
#if OPERATOR_NATIVE_AOT
    /// <summary>The CRD generated at build time.</summary>
    public static string NodeLocalDnsYaml()
    {
        using var stream = typeof(CrdSource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded CRD ({ResourceName}) is missing from this build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The embedded resource's name, as the project file gives it.</summary>
    private const string ResourceName = "nodelocaldns-crd.yaml";
#else
    /// <summary>The CRD generated now from the API types.</summary>
    public static string NodeLocalDnsYaml() => CrdGenerator.NodeLocalDnsYaml();
#endif
}
