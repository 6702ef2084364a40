using Microsoft.Extensions.Logging;

namespace NodeLocalDns.DnsCache.NodeSetup;

/// <summary>The node set-up's log lines (event IDs 200-299), in node-cache's words where it has them.</summary>
internal static partial class NodeSetupLog
{
    [LoggerMessage(200, LogLevel.Information, "Added interface - {Name} (link type {LinkType})")]
    public static partial void InterfaceCreated(ILogger logger, string name, string linkType);

    [LoggerMessage(201, LogLevel.Information, "Added back address {Address} to interface {Name}")]
    public static partial void AddressAdded(ILogger logger, string address, string name);

    [LoggerMessage(202, LogLevel.Error, "Error setting up interface {Name}: {Reason}")]
    public static partial void InterfaceFailed(ILogger logger, string name, string reason);

    [LoggerMessage(203, LogLevel.Information, "Added back nodelocaldns rule - {Rule} ({Backend})")]
    public static partial void RuleAdded(ILogger logger, string rule, string backend);

    [LoggerMessage(204, LogLevel.Information, "Removed {Count} duplicate nodelocaldns rule(s) ({Backend})")]
    public static partial void DuplicatesRemoved(ILogger logger, int count, string backend);

    [LoggerMessage(205, LogLevel.Error, "Error checking/adding rules ({Backend}), retrying in {Retry}: {Reason}")]
    public static partial void RulesFailed(ILogger logger, string backend, TimeSpan retry, string reason);

    [LoggerMessage(206, LogLevel.Information, "iptables backend: {Mode} ({Reason})")]
    public static partial void BackendChosen(ILogger logger, string mode, string reason);

    [LoggerMessage(207, LogLevel.Information, "Tearing down: removed the rules and interface {Name}")]
    public static partial void TornDown(ILogger logger, string name);

    [LoggerMessage(208, LogLevel.Information, "Leaving the interface and rules in place: {Reason}")]
    public static partial void TeardownSkipped(ILogger logger, string reason);

    [LoggerMessage(209, LogLevel.Error, "Error tearing down: {Reason}")]
    public static partial void TeardownFailed(ILogger logger, string reason);

    [LoggerMessage(210, LogLevel.Warning,
        "Instance registry {Directory} unavailable ({Reason}); " +
        "this instance will tear down on exit unless -skipteardown, as node-cache does")]
    public static partial void RegistryUnavailable(ILogger logger, string directory, string reason);

    [LoggerMessage(211, LogLevel.Information, "Registered as {Instance} in {Directory}; {Others} other instance(s) running on this node")]
    public static partial void Registered(ILogger logger, string instance, string directory, int others);
}
