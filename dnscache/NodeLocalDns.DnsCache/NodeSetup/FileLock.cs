using System.Runtime.InteropServices;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// An exclusive <c>flock(2)</c> on a file, held until disposed or until the process dies (the kernel
/// releases it then, so a killed pod never leaves a lock behind). Works across containers that mount the
/// same host directory. The file is opened with <c>open(2)</c> directly because .NET's own file opening
/// takes a shared flock of its own on Unix, which would make every holder look alive to the others.
/// </summary>
internal sealed partial class FileLock : IDisposable
{
    private const int ReadWrite = 2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11;
    private const int Interrupted = 4;

    private int _fd;

    private FileLock(int fd) => _fd = fd;

    /// <summary>Takes the lock if nobody holds it; null when another open file holds it.</summary>
    /// <exception cref="IOException">The file cannot be opened or locked for another reason.</exception>
    public static FileLock? TryAcquire(string path)
    {
        var fd = Open(path, ReadWrite | Create | CloseOnExec, Convert.ToInt32("644", 8));
        if (fd < 0)
        {
            throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        while (Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == Interrupted)
            {
                continue;
            }

            _ = Close(fd);
            return error == WouldBlock ? null : throw new IOException($"cannot lock {path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        return new FileLock(fd);
    }

    /// <summary>Waits for the lock, polling, until <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Another holder kept it the whole time.</exception>
    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryAcquire(path) is { } acquired)
            {
                return acquired;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{path} stayed locked for {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
