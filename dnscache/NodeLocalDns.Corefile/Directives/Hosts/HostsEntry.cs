using System.Net;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Directives.Hosts;

/// <summary>One hosts line: an address and the names that resolve to it (lower case, fully qualified).</summary>
public sealed record HostsEntry(IPAddress Address, ValueList<string> Names);
