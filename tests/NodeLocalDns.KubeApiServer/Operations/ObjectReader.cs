using System.Globalization;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Storage;

namespace NodeLocalDns.KubeApiServer.Operations;

/// <summary>
/// GET and LIST with the resourceVersion semantics of the API concepts ("Resource versions"): unset reads the latest
/// state, "0" any state (here also the latest), a version with NotOlderThan the latest if at least that new, and
/// Exact the state at that version, rebuilt from history (410 Expired once compacted).
/// </summary>
internal sealed class ObjectReader
{
    private readonly ClusterState _state;

    public ObjectReader(ClusterState state) => _state = state;

    public StoredObject Get(ResourceDefinition definition, string? ns, string name, string? resourceVersion)
    {
        CheckNotTooNew(resourceVersion);
        return _state.Store.Get(new StorageKey(definition.GroupResource, definition.Namespaced ? ns ?? string.Empty : string.Empty, name))
            ?? throw ApiErrors.NotFound(definition.Group, definition.Plural, name);
    }

    public ListResult List(ResourceDefinition definition, string? ns, ListOptions options)
    {
        var match = options.ResourceVersionMatch;
        if (!string.IsNullOrEmpty(match) && string.IsNullOrEmpty(options.ResourceVersion))
        {
            throw ApiErrors.BadRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
        }

        if (match is { Length: > 0 } and not ("Exact" or "NotOlderThan"))
        {
            throw ApiErrors.BadRequest($"resourceVersionMatch: Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\"");
        }

        if (match == "Exact" && options.ResourceVersion == "0")
        {
            throw ApiErrors.BadRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"");
        }

        if (!string.IsNullOrEmpty(options.Continue) && !string.IsNullOrEmpty(options.ResourceVersion) && options.ResourceVersion != "0")
        {
            throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
        }

        var scope = definition.Namespaced ? ns : null;
        lock (_state.Store.Gate)
        {
            IReadOnlyList<StoredObject> snapshot;
            long listVersion;
            ContinueToken? resumeAfter = null;
            if (!string.IsNullOrEmpty(options.Continue))
            {
                resumeAfter = ContinueToken.Decode(options.Continue);
                try
                {
                    snapshot = _state.Store.ListAt(definition.GroupResource, scope, resumeAfter.ResourceVersion);
                }
                catch (ApiException error) when (error.Code == 410)
                {
                    throw ApiErrors.Expired("The provided continue parameter is too old to display a consistent list result. " +
                        "You can start a new list without the continue parameter.");
                }

                listVersion = resumeAfter.ResourceVersion;
            }
            else if (match == "Exact")
            {
                listVersion = ParseVersion(options.ResourceVersion!);
                snapshot = _state.Store.ListAt(definition.GroupResource, scope, listVersion);
            }
            else
            {
                CheckNotTooNew(options.ResourceVersion);
                snapshot = _state.Store.List(definition.GroupResource, scope);
                listVersion = _state.Store.CurrentResourceVersion;
            }

            var matching = snapshot
                .Where(obj => resumeAfter is null
                    || new StorageKey(obj.Key.GroupResource, resumeAfter.StartAfterNamespace, resumeAfter.StartAfterName)
                        .CompareTo(obj.Key) < 0)
                .Where(obj => options.Labels.Matches(obj.Labels) && options.Fields.Matches(obj))
                .ToList();
            if (options.Limit is not { } limit || limit <= 0 || matching.Count <= limit)
            {
                return new ListResult(matching, listVersion, null, null);
            }

            var page = matching.Take(limit).ToList();
            var last = page[^1].Key;
            var token = new ContinueToken(listVersion, last.Namespace, last.Name).Encode();

            // remainingItemCount is only known (and only set by the apiserver) without selectors.
            long? remaining = options.Labels.Requirements.Count == 0 && options.Fields.Requirements.Count == 0 ? matching.Count - limit : null;
            return new ListResult(page, listVersion, token, remaining);
        }
    }

    public static long ParseVersion(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw ApiErrors.BadRequest($"invalid resource version \"{text}\"");

    private void CheckNotTooNew(string? resourceVersion)
    {
        if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
        {
            return;
        }

        var requested = ParseVersion(resourceVersion);
        var current = _state.Store.CurrentResourceVersion;
        if (requested > current)
        {
            throw ApiErrors.ResourceVersionTooLarge(requested, current);
        }
    }
}
