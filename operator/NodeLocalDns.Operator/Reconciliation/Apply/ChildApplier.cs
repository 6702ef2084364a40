using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;

namespace NodeLocalDns.Operator.Reconciliation.Apply;

/// <summary>
/// Create-or-update for one child, writing only when something the operator manages differs:
/// <list type="bullet">
/// <item>absent → create (an "already exists" answer, from a store behind the server, means re-read and compare);</item>
/// <item>controlled by another owner → left alone and reported;</item>
/// <item>otherwise replaced only when the hash of the desired object (kept in an annotation, so removed
/// fields are noticed) or any field it sets differs from the live object.</item>
/// </list>
/// Labels and annotations others put on the object, and fields the server allocated (a Service's
/// ClusterIP), are kept on replace.
/// </summary>
public sealed class ChildApplier(IChildWriter writer, IClusterReader reader)
{
    /// <summary>The annotation holding the hash of what the operator last applied.</summary>
    public const string AppliedHashAnnotation = "dns.nodelocal.io/applied-hash";

    /// <summary>Applies <paramref name="desired"/>, given what exists (<paramref name="live"/>, possibly stale or null).</summary>
    public async Task<(ApplyOutcome Outcome, T Object)> ApplyAsync<T>(V1Alpha1NodeLocalDns owner, T desired, T? live, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(desired);
        var hash = Hash(desired);
        desired.Metadata.Annotations ??= new Dictionary<string, string>();
        desired.Metadata.Annotations[AppliedHashAnnotation] = hash;

        if (live is null)
        {
            if (await writer.CreateAsync(desired, cancellationToken).ConfigureAwait(false) is { } created)
            {
                return (ApplyOutcome.Created, created);
            }

            live = await ReadAsync<T>(desired.Metadata, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{typeof(T).Name} {desired.Metadata.NamespaceProperty}/{desired.Metadata.Name} exists, then does not; retrying.");
        }

        if (ControllerReference.IsControlledByAnother(live.Metadata, owner))
        {
            return (ApplyOutcome.OwnedByAnother, live);
        }

        if (live.GetAnnotation(AppliedHashAnnotation) == hash && JsonSubset.IsContainedIn(desired, live))
        {
            return (ApplyOutcome.Unchanged, live);
        }

        Merge(desired, live);
        return (ApplyOutcome.Updated, await writer.ReplaceAsync(desired, cancellationToken).ConfigureAwait(false));
    }

    private async Task<T?> ReadAsync<T>(V1ObjectMeta metadata, CancellationToken cancellationToken)
        where T : class
    {
        var ns = metadata.NamespaceProperty;
        var name = metadata.Name;
        object? live = typeof(T) switch
        {
            var t when t == typeof(V1ConfigMap) => await reader.ConfigMapAsync(ns, name, cancellationToken).ConfigureAwait(false),
            var t when t == typeof(V1Service) => await reader.ServiceAsync(ns, name, cancellationToken).ConfigureAwait(false),
            var t when t == typeof(V1ServiceAccount) => await reader.ServiceAccountAsync(ns, name, cancellationToken).ConfigureAwait(false),
            var t when t == typeof(V1DaemonSet) => await reader.DaemonSetAsync(ns, name, cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a child kind."),
        };
        return (T?)live;
    }

    /// <summary>Carries over what the replace must not drop: the resourceVersion, others' labels and annotations, allocated fields.</summary>
    private static void Merge<T>(T desired, T live)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        desired.Metadata.ResourceVersion = live.Metadata.ResourceVersion;
        desired.Metadata.Labels = Union(live.Metadata.Labels, desired.Metadata.Labels);
        desired.Metadata.Annotations = Union(live.Metadata.Annotations, desired.Metadata.Annotations);
        if (desired is V1Service service && live is V1Service liveService && liveService.Spec is { } allocated && service.Spec.ClusterIP is null)
        {
            service.Spec.ClusterIP = allocated.ClusterIP;
            service.Spec.ClusterIPs = allocated.ClusterIPs;
            service.Spec.IpFamilies = allocated.IpFamilies;
            service.Spec.IpFamilyPolicy = allocated.IpFamilyPolicy;
        }
    }

    private static Dictionary<string, string> Union(IDictionary<string, string>? live, IDictionary<string, string>? desired)
    {
        var result = new Dictionary<string, string>(live ?? new Dictionary<string, string>());
        foreach (var (key, value) in desired ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        return result;
    }

    private static string Hash(object desired) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(desired))))[..16];
}
