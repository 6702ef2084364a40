using System.CommandLine;
using NodeLocalDns.Operator.Api.V1Alpha1;
using NodeLocalDns.Operator.Cli;

ApiJson.Register();

// A pod gets 30 s between SIGTERM and SIGKILL; the default 2 s would cut the Lease release short.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(25) };
return await CommandLineApp.Build(CliConsole.System).Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
