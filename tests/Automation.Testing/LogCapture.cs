using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Automation.Testing;

/// <summary>
/// A logger provider that keeps every line it receives (message, structured values and exception), so a test can
/// assert what a host logged, for example that a secret's value never appears.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line received so far.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Lets this provider see <c>Automation</c> and <c>System.Net.Http</c> at every level and the rest from Information, whatever the host's own minimum.</summary>
    /// <param name="logging">The host's logging.</param>
    /// <returns>The same builder.</returns>
    public ILoggingBuilder AddTo(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        return logging.AddProvider(this)
            .AddFilter<LogCapture>(null, LogLevel.Information)
            .AddFilter<LogCapture>("Automation", LogLevel.Trace)
            .AddFilter<LogCapture>("System.Net.Http", LogLevel.Trace);
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
