using Automation.Hosting;
using Automation.Postgres;
using Automation.Silo.Hosting;

// The silo host. `Automation.Silo migrate` applies the database schema and exits; `healthcheck [url]` probes /health;
// `verify-state` checks that every stored grain state deserializes (scripts/verify-backup.sh).
if (HealthCommand.IsRequested(args))
{
    return await HealthCommand.RunAsync(args, "http://127.0.0.1:9090/health");
}

var builder = WebApplication.CreateBuilder(args);
if (args.Contains("migrate"))
{
    var connectionString = builder.Configuration[$"{PostgresOptions.SectionName}:ConnectionString"];
    if (string.IsNullOrWhiteSpace(connectionString))
    {
        Console.Error.WriteLine($"Set {PostgresOptions.SectionName}:ConnectionString (environment variable Automation__Postgres__ConnectionString).");
        return 2;
    }

    await new SchemaMigrator().MigrateAsync(connectionString);
    Console.WriteLine("Schema is up to date.");
    return 0;
}

builder.AddAutomationSilo();
var app = builder.Build();
if (args.Contains(GrainStateCheck.Verb))
{
    return await GrainStateCheck.RunAsync(app.Services);
}

app.MapAutomationSiloEndpoints();
return await HostStartup.RunAsync(app);
