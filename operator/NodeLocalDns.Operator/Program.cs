using NodeLocalDns.Operator.Cli;

return await CommandLineApp.Build(CliConsole.System).Parse(args).InvokeAsync().ConfigureAwait(false);
