using Automation.Postgres;
using Automation.Silo.Hosting;

// The silo host. `Automation.Silo migrate` applies the database schema and exits.
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
app.MapAutomationSiloEndpoints();
await app.RunAsync();
return 0;
