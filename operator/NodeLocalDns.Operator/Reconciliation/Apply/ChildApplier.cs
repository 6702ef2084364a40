using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Reconciliation.Children;
using NodeLocalDns.Operator.Reconciliation.Inputs;

namespace NodeLocalDns.Operator.Reconciliation.Apply;

/// <summary>
/// Create-or-apply for one child, writing only when something the operator owns differs:
/// <list type="bullet">
/// <item>absent → create (an "already exists" answer hands back the object on the server, which is then judged like any
/// other);</item>
/// <item>not this NodeLocalDns's → left alone and reported (<see cref="ApplyOutcome.Foreign"/>), unless
/// <c>spec.adoptExistingObjects</c> allows taking it over (<see cref="ExistingInstall"/> decides), which replaces it
/// whole once;</item>
/// <item>this NodeLocalDns's → server-side apply under the operator's field manager, only when the hash of the desired
/// object (kept in an annotation, so removed fields are noticed) or any field it sets differs from the live object
/// (<see cref="JsonSubset"/>: fields and list items others added, such as a webhook's toleration, do not count).</item>
/// </list>
/// </summary>
public sealed class ChildApplier(IChildWriter writer)
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
            var (obj, created) = await writer.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            if (created)
            {
                return (ApplyOutcome.Created, obj);
            }

            live = obj;
        }

        if (!ControllerReference.IsControlledBy(live.Metadata, owner))
        {
            if (!owner.Spec.AdoptExistingObjects || ExistingInstall.Describe(desired.Kind, live.Metadata, owner, sameName: true) is not { Adoptable: true })
            {
                return (ApplyOutcome.Foreign, live);
            }

            desired.Metadata.ResourceVersion = live.Metadata.ResourceVersion;
            return (ApplyOutcome.Adopted, await writer.ReplaceAsync(desired, cancellationToken).ConfigureAwait(false));
        }

        if (live.GetAnnotation(AppliedHashAnnotation) == hash && JsonSubset.IsContainedIn(desired, live))
        {
            return (ApplyOutcome.Unchanged, live);
        }

        return (ApplyOutcome.Updated, await writer.ApplyAsync(desired, cancellationToken).ConfigureAwait(false));
    }

    private static string Hash(object desired) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(desired))))[..16];
}
