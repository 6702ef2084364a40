using NodeLocalDns.KubeApiServer.Selectors;
using NodeLocalDns.KubeApiServer.Storage;

namespace NodeLocalDns.KubeApiServer.Watch;

/// <summary>Which objects a list or watch covers: one group-resource, optionally one namespace, plus selectors.</summary>
internal sealed record WatchFilter(string GroupResource, string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public bool Covers(StorageKey key) =>
        key.GroupResource == GroupResource && (Namespace is null || key.Namespace == Namespace);

    public bool Matches(StoredObject obj) => Covers(obj.Key) && Labels.Matches(obj.Labels) && Fields.Matches(obj);
}
