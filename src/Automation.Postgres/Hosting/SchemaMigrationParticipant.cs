using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Postgres.Hosting;

/// <summary>Applies the shipped schema first thing in a silo's start-up (before membership), when <see cref="PostgresOptions.MigrateOnStart"/> is on.</summary>
internal sealed class SchemaMigrationParticipant(IOptions<PostgresOptions> options, ILogger<SchemaMigrator> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationParticipant), ServiceLifecycleStage.First, MigrateAsync);

    private Task MigrateAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStart
            ? new SchemaMigrator(logger).MigrateAsync(options.Value.ConnectionString, cancellationToken)
            : Task.CompletedTask;
}
