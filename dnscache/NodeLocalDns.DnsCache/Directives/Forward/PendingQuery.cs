namespace NodeLocalDns.DnsCache.Directives.Forward;

/// <summary>An awaited query (the asynchronous path): the answer is copied out and completes <see cref="Completion"/>.</summary>
internal sealed class PendingQuery(TaskCompletionSource<byte[]> completion, byte[] question, long deadline) : UpstreamWaiter
{
    private readonly byte[] _question = question;

    public TaskCompletionSource<byte[]> Completion { get; } = completion;

    public override ReadOnlySpan<byte> Question => _question;

    public void Start() => Deadline = deadline;

    public override void Complete(ReadOnlySpan<byte> answer) => Completion.TrySetResult(answer.ToArray());

    public override void Fail(UpstreamException error) => Completion.TrySetException(error);
}
