using System.ComponentModel;
using System.Diagnostics;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// Runs the node's own networking tools (<c>ip</c>, <c>iptables</c>, <c>nft</c>), the way node-cache and
/// kube-proxy do, so rules are written by the same binaries and backends the node uses. Every run has a
/// deadline; a tool that is missing or hangs is a failed result, never an exception, so a broken node is
/// reported and retried on the next sync instead of crashing the cache. A <paramref name="prefix"/> runs
/// every command through another (tests use <c>ip netns exec NAME</c> to work inside their own namespace).
/// </summary>
internal sealed class CommandRunner(TimeSpan timeout, IReadOnlyList<string>? prefix = null)
{
    /// <summary>A runner with a deadline long enough for <c>iptables -w 5</c> to wait for the xtables lock.</summary>
    public static CommandRunner Default { get; } = new(TimeSpan.FromSeconds(15));

    /// <summary>Runs <paramref name="program"/>, feeding <paramref name="input"/> on standard input when given.</summary>
    public async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, string? input = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(prefix is { Count: > 0 } ? prefix[0] : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in prefix is { Count: > 0 } ? [.. prefix.Skip(1), program, .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Tool messages are parsed (lock errors, "does not exist"): keep them in English.
        start.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new CommandResult(-1, string.Empty, $"{program}: {e.Message}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), deadline.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }

            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            return new CommandResult(-1, string.Empty, $"{program} did not finish within {timeout.TotalSeconds:0} s");
        }
        catch (IOException e)
        {
            return new CommandResult(-1, string.Empty, $"{program}: {e.Message}");
        }
    }
}
