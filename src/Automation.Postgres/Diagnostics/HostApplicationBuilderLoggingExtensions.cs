using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace Automation.Postgres.Diagnostics;

/// <summary>Log format and run-time log levels, shared by both hosts.</summary>
public static class HostApplicationBuilderLoggingExtensions
{
    /// <summary>
    /// Configures the JSON console format (chosen by <c>Logging:Console:FormatterName=json</c> in containers: one object a
    /// line, UTC timestamps, with scopes carrying the trace id, span id, workflow and step ids) and adds the run-time
    /// log-level overrides (<see cref="RuntimeLogLevels"/>, kept in step with the cluster by
    /// <see cref="LogLevelSync"/>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The override source, to apply changes made in this process at once.</returns>
    public static RuntimeLogLevels AddAutomationLogging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        var levels = new RuntimeLogLevels();
        builder.Configuration.Add(levels); // last: wins over appsettings.json and the environment
        builder.Services.AddSingleton(levels);
        builder.Services.AddHostedService<LogLevelSync>();
        return levels;
    }
}
