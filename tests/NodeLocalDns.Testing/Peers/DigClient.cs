using System.Diagnostics;
using System.Net;

namespace NodeLocalDns.Testing.Peers;

/// <summary>Runs <c>dig</c> against a server and returns what it printed, bounded in time.</summary>
public static class DigClient
{
    /// <summary>Runs <c>dig @server -p port NAME TYPE extra...</c>.</summary>
    public static async Task<DigResult> QueryAsync(IPEndPoint server, string name, string type = "A", params string[] extra)
    {
        var info = new ProcessStartInfo("dig")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var port = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var arg in new[] { $"@{server.Address}", "-p", port, name, type, "+time=3", "+tries=1" }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dig");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"dig {name} {type} did not finish");
        }

        return new DigResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
