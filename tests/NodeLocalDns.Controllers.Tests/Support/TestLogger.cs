using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NodeLocalDns.Controllers.Tests.Support;

/// <summary>A logger that keeps every line (for assertions) and echoes it to the test's output (shown when a test fails).</summary>
internal sealed class TestLogger : ILogger
{
    private readonly TextWriter _output = TestContext.Out;
    private readonly AsyncLocal<Scope?> _scope = new();

    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public IDisposable BeginScope<TState>(TState state)
        where TState : notnull
    {
        var created = new Scope(this, _scope.Value, state.ToString() ?? string.Empty);
        _scope.Value = created;
        return created;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = new LogLine(logLevel, eventId.Id, formatter(state, exception), _scope.Value?.Text, exception);
        Lines.Enqueue(line);
        try
        {
            var error = exception is null ? string.Empty : " | " + exception.Message;
            _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} [{line.Scope}] {line.Message}{error}");
        }
        catch (ObjectDisposedException)
        {
            // The test is over; its output writer went with it.
        }
    }

    internal sealed record LogLine(LogLevel Level, int EventId, string Message, string? Scope, Exception? Exception);

    private sealed class Scope(TestLogger owner, Scope? parent, string text) : IDisposable
    {
        public string Text { get; } = parent is null ? text : $"{parent.Text} > {text}";

        public void Dispose() => owner._scope.Value = parent;
    }
}
