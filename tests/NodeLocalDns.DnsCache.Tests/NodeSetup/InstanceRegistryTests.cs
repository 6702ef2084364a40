using NodeLocalDns.DnsCache.NodeSetup;

namespace NodeLocalDns.DnsCache.Tests.NodeSetup;

/// <summary>The node-wide registry that decides who tears down: real flock(2) locks on real files.</summary>
[CancelAfter(30_000)]
public sealed class InstanceRegistryTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("dnscache-registry-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task EachInstanceSeesTheOthers_AndTheLastOneSeesNone()
    {
        using var first = await InstanceRegistry.JoinAsync(_directory, CancellationToken.None);
        using var second = await InstanceRegistry.JoinAsync(_directory, CancellationToken.None);

        using (await first.LockNodeAsync(CancellationToken.None))
        {
            Assert.That(first.CountOthersAlive(), Is.EqualTo(1));
            first.Leave();
        }

        using (await second.LockNodeAsync(CancellationToken.None))
        {
            Assert.That(second.CountOthersAlive(), Is.Zero, "the first left");
        }
    }

    [Test]
    public async Task AnInstanceThatDied_IsSweptAsStale()
    {
        using var survivor = await InstanceRegistry.JoinAsync(_directory, CancellationToken.None);
        var killed = await InstanceRegistry.JoinAsync(_directory, CancellationToken.None);
        killed.Dispose(); // the kernel drops the lock of a killed process the same way; its file stays

        using (await survivor.LockNodeAsync(CancellationToken.None))
        {
            Assert.That(survivor.CountOthersAlive(), Is.Zero);
        }

        Assert.That(Directory.GetFiles(_directory, "instance-*"), Has.Length.EqualTo(1), "the dead instance's file is gone");
    }

    [Test]
    public async Task TheNodeLock_IsExclusive()
    {
        using var registry = await InstanceRegistry.JoinAsync(_directory, CancellationToken.None);
        using var held = await registry.LockNodeAsync(CancellationToken.None);
        Assert.That(FileLock.TryAcquire(Path.Combine(_directory, "node.lock")), Is.Null);
    }

    [Test]
    public void AnUnusableDirectory_IsAnIOException() =>
        Assert.ThrowsAsync(Is.InstanceOf<IOException>(), async () => await InstanceRegistry.JoinAsync("/proc/version/registry", CancellationToken.None));
}
