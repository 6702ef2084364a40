using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using k8s;
using k8s.Models;
using NodeLocalDns.Controllers.Resilience;

namespace NodeLocalDns.Controllers.LeaderElection;

/// <summary>
/// client-go's leader election over a <c>coordination.k8s.io/v1</c> Lease (tools/leaderelection,
/// <c>tryAcquireOrRenew</c>), for <see cref="LeaderElectionService"/>: acquire every retry period until the lease is
/// free, ours or expired; then renew every retry period until a renewal has not succeeded for the renew deadline.
/// Our own, because the NativeAOT build of KubernetesClient ships no LeaderElector.
/// <para>Expiry is judged as client-go judges it: by when this replica last saw the Lease record change on its own
/// monotonic clock, never by the holder's <c>renewTime</c>, so clock skew between nodes cannot make a live lease look
/// expired. Every write is a replace carrying the resourceVersion just read, so two candidates never both win.</para>
/// </summary>
internal sealed class LeaseElector(IKubernetes client, LeaderElectionOptions options)
{
    private string? _observedRecord;
    private long _observedAt;
    private string? _observedHolder;

    /// <summary>Called once, when the lease was acquired; must return at once.</summary>
    public event Action? OnStartedLeading;

    /// <summary>Called once after leading, when renewals stopped succeeding (or the run was cancelled).</summary>
    public event Action? OnStoppedLeading;

    /// <summary>Called when the Lease names a different holder than last seen.</summary>
    public event Action<string>? OnNewLeader;

    /// <summary>An attempt to read or write the Lease failed; the loop goes on.</summary>
    public event Action<Exception>? OnError;

    /// <summary>Acquires the lease, leads while renewals succeed, and returns when leadership is lost or on cancellation.</summary>
    public async Task RunUntilLeadershipLostAsync(CancellationToken cancellationToken)
    {
        while (!await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
        {
            // client-go's JitterFactor 1.2: candidates started together do not retry in lockstep.
            await Task.Delay(options.RetryPeriod * (1 + (0.2 * Jitter.NextUnit())), cancellationToken).ConfigureAwait(false);
        }

        OnStartedLeading?.Invoke();
        try
        {
            await RenewUntilDeadlineMissedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            OnStoppedLeading?.Invoke();
        }
    }

    private async Task RenewUntilDeadlineMissedAsync(CancellationToken cancellationToken)
    {
        var lastRenewal = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.RetryPeriod, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // One attempt may not outlast what is left of the deadline: a hung request must not keep us leading.
            var left = options.RenewDeadline - Stopwatch.GetElapsedTime(lastRenewal);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            bool renewed;
            try
            {
                renewed = await TryAcquireOrRenewAsync(attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                renewed = false;
            }

            if (renewed)
            {
                lastRenewal = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastRenewal) >= options.RenewDeadline || _observedHolder != options.Identity)
            {
                // Out of time, or the Lease now names someone else: leadership is over.
                return;
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Any failure is one failed attempt, reported and retried.")]
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        V1Lease lease;
        try
        {
            lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception error) when (ApiErrors.IsNotFound(error))
        {
            OnError?.Invoke(error);
            return await TryWriteAsync(() => client.CoordinationV1.CreateNamespacedLeaseAsync(
                NewLease(now), options.LeaseNamespace, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            OnError?.Invoke(error);
            return false;
        }

        var spec = lease.Spec ??= new V1LeaseSpec();
        Observe(spec);
        var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != options.Identity;
        if (heldByOther && Stopwatch.GetElapsedTime(_observedAt) < options.LeaseDuration)
        {
            return false;
        }

        if (spec.HolderIdentity != options.Identity)
        {
            spec.AcquireTime = now;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.HolderIdentity = options.Identity;
        spec.RenewTime = now;
        spec.LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds;
        return await TryWriteAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(
            lease, options.LeaseName, options.LeaseNamespace, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Any failure is one failed attempt, reported and retried.")]
    private async Task<bool> TryWriteAsync(Func<Task<V1Lease>> write, CancellationToken cancellationToken)
    {
        try
        {
            var written = await write().ConfigureAwait(false);
            Observe(written.Spec ?? new V1LeaseSpec());
            return true;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // A 409 here is another candidate's write between our read and ours: they won this round.
            OnError?.Invoke(error);
            return false;
        }
    }

    private V1Lease NewLease(DateTime now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = options.Identity,
            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
            AcquireTime = now,
            RenewTime = now,
            LeaseTransitions = 0,
        },
    };

    // The record as a string, compared as client-go compares the raw record: any change (a renewal included) restarts
    // this replica's expiry clock.
    private void Observe(V1LeaseSpec spec)
    {
        var record = $"{spec.HolderIdentity}|{spec.LeaseDurationSeconds}|{spec.AcquireTime:O}|{spec.RenewTime:O}|{spec.LeaseTransitions}";
        if (record != _observedRecord)
        {
            _observedRecord = record;
            _observedAt = Stopwatch.GetTimestamp();
        }

        var holder = spec.HolderIdentity ?? string.Empty;
        if (holder != _observedHolder)
        {
            _observedHolder = holder;
            if (holder.Length > 0)
            {
                OnNewLeader?.Invoke(holder);
            }
        }
    }
}
