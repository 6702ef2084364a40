using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>
/// The interface that holds the node-local IPs (node-cache's <c>nodelocaldns</c> dummy device), managed
/// with iproute2. A <c>dummy</c> link is preferred, as node-cache uses; kernels built without it (this
/// project's build machines, some hardened nodes) get a <c>bridge</c> with no ports instead, which holds
/// addresses the same way and, left down like the dummy, carries no traffic. Addresses are /32 and /128
/// host addresses; IPv6 ones skip duplicate address detection (<c>nodad</c>) so they can be bound at once.
/// An existing link of that name (the stock addon's, after a migration) is adopted as it is.
/// </summary>
internal sealed class LocalInterface(string name, IReadOnlyList<IPAddress> addresses, CommandRunner runner)
{
    /// <summary>The link types tried in order when the interface must be created.</summary>
    public static readonly IReadOnlyList<string> LinkTypes = ["dummy", "bridge"];

    /// <summary>The interface name.</summary>
    public string Name => name;

    /// <summary>
    /// Creates the interface if missing and adds any missing address. Reports what was done; failures are
    /// in <see cref="InterfaceSync.Error"/> (and the kind of failure), never thrown.
    /// </summary>
    public async Task<InterfaceSync> EnsureAsync(CancellationToken cancellationToken)
    {
        var show = await runner.RunAsync("ip", ["-j", "addr", "show", "dev", name], null, cancellationToken).ConfigureAwait(false);
        string? createdAs = null;
        HashSet<IPAddress> present;
        if (show.Succeeded)
        {
            present = ParseAddresses(show.StandardOutput);
        }
        else if (show.ExitCode == -1)
        {
            return InterfaceSync.Failed(SetupErrorType.InterfaceCheck, show.Problem);
        }
        else
        {
            // "Device "nodelocaldns" does not exist.": create it.
            var problems = new List<string>();
            foreach (var type in LinkTypes)
            {
                var add = await runner.RunAsync("ip", ["link", "add", name, "type", type], null, cancellationToken).ConfigureAwait(false);
                if (add.Succeeded)
                {
                    createdAs = type;
                    break;
                }

                problems.Add($"{type}: {add.Problem}");
            }

            if (createdAs is null)
            {
                return InterfaceSync.Failed(SetupErrorType.InterfaceAdd, $"cannot create interface {name} ({string.Join("; ", problems)})");
            }

            present = [];
        }

        var added = new List<IPAddress>();
        foreach (var address in addresses.Where(a => !present.Contains(a)))
        {
            string[] args = address.AddressFamily == AddressFamily.InterNetworkV6
                ? ["-6", "addr", "add", $"{address}/128", "dev", name, "nodad"]
                : ["addr", "add", $"{address}/32", "dev", name];
            var add = await runner.RunAsync("ip", args, null, cancellationToken).ConfigureAwait(false);
            // "File exists": added meanwhile, which is what we want.
            if (!add.Succeeded && !add.StandardError.Contains("File exists", StringComparison.Ordinal))
            {
                return new InterfaceSync(createdAs, added, SetupErrorType.InterfaceAdd, $"cannot add {address} to {name}: {add.Problem}");
            }

            added.Add(address);
        }

        return new InterfaceSync(createdAs, added, null, null);
    }

    /// <summary>Deletes the interface (and with it its addresses); a missing interface is not an error.</summary>
    public async Task<string?> RemoveAsync(CancellationToken cancellationToken)
    {
        var delete = await runner.RunAsync("ip", ["link", "del", name], null, cancellationToken).ConfigureAwait(false);
        return delete.Succeeded || delete.StandardError.Contains("Cannot find device", StringComparison.Ordinal) ? null : delete.Problem;
    }

    /// <summary>The addresses in <c>ip -j addr show</c> output.</summary>
    internal static HashSet<IPAddress> ParseAddresses(string json)
    {
        var result = new HashSet<IPAddress>();
        using var document = JsonDocument.Parse(json.Length == 0 ? "[]" : json);
        foreach (var link in document.RootElement.EnumerateArray())
        {
            if (!link.TryGetProperty("addr_info", out var infos))
            {
                continue;
            }

            foreach (var info in infos.EnumerateArray())
            {
                if (info.TryGetProperty("local", out var local) && IPAddress.TryParse(local.GetString(), out var address))
                {
                    result.Add(address);
                }
            }
        }

        return result;
    }
}
