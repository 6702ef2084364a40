using k8s;
using k8s.Models;

namespace NodeLocalDns.Controllers.Informers;

/// <summary>
/// Where an <see cref="Informer{T}"/> gets one kind of object from: a complete list, and a watch that continues from
/// the list's resourceVersion. <see cref="ListWatchers"/> builds one for any kind; the informer
/// supplies the list→watch→relist logic for all of them.
/// <para><b>Errors:</b> failures surface as exceptions from <see cref="ListAsync"/>, from opening the watch, or from
/// enumerating it: <c>HttpOperationException</c> for HTTP status codes, <c>KubernetesException</c> for ERROR watch
/// events (a 410 there means the resourceVersion is too old and the informer must relist).</para>
/// </summary>
public interface IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>For logs: the kind and scope, e.g. <c>configmaps in kube-system (app=dns)</c>.</summary>
    string Description { get; }

    /// <summary>Lists every matching object (following continue tokens) and returns them with the list's resourceVersion.</summary>
    Task<ObjectList<T>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Watches for changes after <paramref name="resourceVersion"/> with bookmarks enabled; the server ends the
    /// stream after <paramref name="timeout"/>. A normal end of the enumeration means "watch again from the last
    /// version seen".
    /// </summary>
    IAsyncEnumerable<(WatchEventKind Type, T Object)> WatchAsync(string resourceVersion, TimeSpan timeout, CancellationToken cancellationToken);
}
