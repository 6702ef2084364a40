using System.Collections.Concurrent;

namespace NodeLocalDns.KubeApiServer.Monitoring;

/// <summary>
/// Counts write requests per verb and resource path (e.g. <c>patch daemonsets/status</c>) and keeps a log of recent
/// requests, so tests can assert that an unchanged cluster produced no writes; counts the requests refused with an
/// error status too, so they can assert that the operator does not run into conflicts of its own making.
/// </summary>
internal sealed class RequestMonitor
{
    private const int LogLimit = 2000;

    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ApiRequestInfo> _log = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> WriteCounts => new Dictionary<string, int>(_writes, StringComparer.Ordinal);

    public IReadOnlyList<ApiRequestInfo> Requests => [.. _log];

    public void Record(ApiRequestInfo request)
    {
        _log.Enqueue(request);
        while (_log.Count > LogLimit && _log.TryDequeue(out _))
        {
        }

        if (request.IsWrite && request.ResourcePath is { } resource)
        {
            _writes.AddOrUpdate(Key(request.Verb, resource), 1, (_, count) => count + 1);
        }
    }

    /// <summary>Writes to <paramref name="resource"/> (e.g. <c>configmaps</c> or <c>daemonsets/status</c>), of one verb or all.</summary>
    public int Count(string? resource, string? verb)
    {
        var total = 0;
        foreach (var (key, count) in _writes)
        {
            var separator = key.IndexOf(' ', StringComparison.Ordinal);
            var keyVerb = key[..separator];
            var keyResource = key[(separator + 1)..];
            if ((resource is null || keyResource == resource) && (verb is null || keyVerb == verb))
            {
                total += count;
            }
        }

        return total;
    }

    /// <summary>Notes a request answered with an error status (409 Conflict, 422 Invalid...).</summary>
    public void RecordRefusal(ApiRequestInfo request, int code)
    {
        if (request.ResourcePath is { } resource)
        {
            _refusals.AddOrUpdate(Key(request.Verb, $"{resource} {code}"), 1, (_, count) => count + 1);
        }
    }

    /// <summary>Requests to <paramref name="resource"/> (e.g. <c>nodelocaldnses/status</c>) answered with <paramref name="code"/>.</summary>
    public int CountRefusals(string resource, int code) =>
        _refusals.Where(pair => pair.Key.EndsWith($" {resource} {code}", StringComparison.Ordinal)).Sum(pair => pair.Value);

    public void Reset()
    {
        _refusals.Clear();
        _writes.Clear();
        _log.Clear();
    }

    public static string Key(string verb, string resource) => $"{verb} {resource}";
}
