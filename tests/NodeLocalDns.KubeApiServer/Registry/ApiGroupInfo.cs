namespace NodeLocalDns.KubeApiServer.Registry;

/// <summary>A served API group with its versions in priority order (the first is the preferred one).</summary>
internal sealed record ApiGroupInfo(string Name, IReadOnlyList<string> Versions)
{
    public string PreferredVersion => Versions[0];
}
