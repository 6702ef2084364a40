using System.Buffers.Binary;
using System.Diagnostics;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>
/// One forwarded UDP query on the synchronous miss path: no task, no await, no thread hop. It is sent from the
/// thread that received the client's query and finished on the upstream channel's receive thread (the answer) or its
/// sweeper (a timeout), where the waiting clients are answered directly. It follows the same loop as
/// <see cref="Forwarder"/>'s asynchronous path: upstreams in policy order, passes until the deadline, each attempt
/// waiting the upstream's retransmission timeout, a pass of failures at once ending it. A truncated answer is handed
/// back to the asynchronous path (it needs TCP).
/// </summary>
internal sealed class UdpExchange : UpstreamWaiter
{
    private readonly Forwarder _forwarder;
    private readonly byte[] _key;
    private readonly Upstream[] _order;
    private readonly bool _allDown;
    private readonly long _deadline;
    private readonly byte[] _query;
    private readonly int _queryLength;
    private readonly Lock _gate = new();
    private ForwardWaiter? _waiters;
    private int _index;
    private int _pass;
    private int _tried;
    private int _hardFailures;
    private Upstream? _current;
    private long _sentAt;
    private string? _lastError;
    private bool _finished;

    public UdpExchange(Forwarder forwarder, byte[] key, Upstream[] order, bool allDown, ForwardWaiter first)
    {
        _forwarder = forwarder;
        _key = key;
        _order = order;
        _allDown = allDown;
        _waiters = first;
        _deadline = Environment.TickCount64 + (long)Forwarder.Deadline.TotalMilliseconds;
        _query = new byte[key.Length + 12 + 11];
        _queryLength = QueryBuilder.Write(_query, 0, key);
        ExactCase = forwarder.Options.RandomizeCase;
    }

    public byte[] Key => _key;

    /// <summary>The question as sent: the name (lower case, or with 0x20 the current attempt's spelling), type and class.</summary>
    public override ReadOnlySpan<byte> Question => _query.AsSpan(DnsConstants.HeaderLength, _key.Length - 1);

    /// <summary>Adds a client asking the same question; false once the exchange has finished.</summary>
    public bool TryAttach(ForwardWaiter waiter)
    {
        lock (_gate)
        {
            if (_finished)
            {
                return false;
            }

            waiter.Next = _waiters;
            _waiters = waiter;
            return true;
        }
    }

    /// <summary>Sends the first attempt.</summary>
    public void Start() => NextAttempt();

    public override void Complete(ReadOnlySpan<byte> answer)
    {
        var upstream = _current!;
        // The high-resolution clock: a loopback or in-cluster round trip is a fraction of the 1 ms tick of
        // Environment.TickCount64, which would put it in the 0 or the 1 ms bucket of the duration histograms.
        var rtt = Stopwatch.GetElapsedTime(_sentAt).TotalMilliseconds;
        var qtype = BinaryPrimitives.ReadUInt16BigEndian(_key.AsSpan(_key.Length - 5));
        var qclass = BinaryPrimitives.ReadUInt16BigEndian(_key.AsSpan(_key.Length - 3));
        var id = BinaryPrimitives.ReadUInt16BigEndian(answer);
        var response = UpstreamResponse.TryCreate(answer, id, _key.AsSpan(0, _key.Length - 5), qtype, qclass, out var problem);
        if (response is null)
        {
            // A malformed answer: this upstream failed at once; the next one may do better.
            HardFailure(upstream, $"{upstream.Name} sent a {problem}");
            return;
        }

        upstream.ObserveRoundTrip(rtt);
        if (response.Truncated)
        {
            Finish(new ForwardResult(ForwardOutcome.Failed, null, "truncated"), retryAsync: true);
            return;
        }

        upstream.RecordResponse(response.Rcode, rtt / 1000.0);
        Finish(new ForwardResult(ForwardOutcome.Answered, response, null), retryAsync: false);
    }

    public override void Fail(UpstreamException error)
    {
        var upstream = _current!;
        if (error.TimedOut)
        {
            _lastError = $"read udp {upstream.Name}: i/o timeout";
            _forwarder.StartHealthCheck(upstream);
            NextAttempt();
        }
        else
        {
            HardFailure(upstream, error.Message);
        }
    }

    private void HardFailure(Upstream upstream, string error)
    {
        _lastError = error;
        _hardFailures++;
        _forwarder.StartHealthCheck(upstream);
        NextAttempt();
    }

    private void NextAttempt()
    {
        while (true)
        {
            if (_index == _order.Length)
            {
                _pass++;
                if (_tried == 0 || _hardFailures == _tried)
                {
                    Finish(new ForwardResult(ForwardOutcome.Failed, null, _lastError ?? "no upstream to try"), retryAsync: false);
                    return;
                }

                _index = 0;
                _tried = 0;
                _hardFailures = 0;
            }

            var upstream = _order[_index++];
            if (!_allDown && upstream.IsDown(_forwarder.Options.MaxFails))
            {
                continue;
            }

            var now = Environment.TickCount64;
            if (now >= _deadline || _forwarder.IsStopping)
            {
                Finish(new ForwardResult(ForwardOutcome.Failed, null, _lastError ?? "no upstream answered in time"), retryAsync: false);
                return;
            }

            _tried++;
            _current = upstream;
            _sentAt = Stopwatch.GetTimestamp();
            Deadline = now + Math.Min(_deadline - now, (long)upstream.RetransmitTimeout(_pass).TotalMilliseconds);
            upstream.Requests.Increment();
            if (ExactCase)
            {
                // A new spelling for each attempt: an answer to an earlier one is no longer awaited anyway.
                CaseRandomizer.Apply(_query.AsSpan(DnsConstants.HeaderLength, _key.Length - 5));
            }

            upstream.SendUdp(this, _query.AsSpan(0, _queryLength));
            return;
        }
    }

    private void Finish(ForwardResult result, bool retryAsync)
    {
        ForwardWaiter? waiters;
        lock (_gate)
        {
            _finished = true;
            waiters = _waiters;
            _waiters = null;
        }

        _forwarder.Finished(this);
        for (var waiter = waiters; waiter is not null;)
        {
            var next = waiter.Next;
            waiter.Next = null;
            waiter.Deliver(_key, result, retryAsync);
            waiter = next;
        }
    }
}
