namespace NodeLocalDns.DnsCache.CommandLine;

/// <summary>A command line that cannot be run: an unknown flag, a bad value, a stray argument. The message is one line.</summary>
internal sealed class FlagParseException(string message) : Exception(message);
