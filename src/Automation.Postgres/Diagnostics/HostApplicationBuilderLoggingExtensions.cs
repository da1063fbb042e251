using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Automation.Postgres.Diagnostics;

/// <summary>Run-time log levels, shared by both hosts.</summary>
public static class HostApplicationBuilderLoggingExtensions
{
    /// <summary>
    /// Adds the run-time log-level overrides (<see cref="RuntimeLogLevels"/>, kept in step with the cluster by
    /// <see cref="LogLevelSync"/>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The override source, to apply changes made in this process at once.</returns>
    public static RuntimeLogLevels AddAutomationLogging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var levels = new RuntimeLogLevels();
        builder.Configuration.Add(levels); // last: wins over appsettings.json and the environment
        builder.Services.AddSingleton(levels);
        builder.Services.AddHostedService<LogLevelSync>();
        return levels;
    }
}
