using System.Text.Json;
using Automation.Bench;

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(BenchOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

// Starters and long-pollers each hold a connection: HTTP/1.1 needs one per request in flight.
using var client = new BenchApiClient(options.Api, options.Concurrency * 2 + 16);
var pg = options.Postgres is null ? null : new PgStats(options.Postgres);
if (options.Postgres is not null)
{
    CpuSampler.Database = new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres).Database ?? CpuSampler.Database;
}

var startedAt = DateTimeOffset.UtcNow;
Console.Error.WriteLine($"registering {options.DefinitionName} ({options.Steps} {options.StepType} steps) at {options.Api}");
await client.PutChainDefinitionAsync(options.DefinitionName, options.Steps, options.StepType, options.DelayDuration, cts.Token);

var runner = new BenchRunner(options, client, pg, Console.Error);
await runner.WarmUpAsync(cts.Token);
var phases = new List<PhaseResult>();
if (options.RunBurst)
{
    phases.Add(await runner.RunBurstAsync(cts.Token));
}

if (options.RunSequential)
{
    phases.Add(await runner.RunSequentialAsync(cts.Token));
}

var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
var report = new BenchReport(startedAt, options.Api.ToString(), options.DefinitionName, options.StepType, options.Steps, options.Warmup, machine, pg?.ServerVersion, phases);
Console.WriteLine(ReportPrinter.Format(report));
if (options.JsonPath is not null)
{
    await File.WriteAllTextAsync(options.JsonPath, JsonSerializer.Serialize(report, BenchJson.Options), cts.Token);
    Console.Error.WriteLine($"results written to {options.JsonPath}");
}

var incomplete = phases.Sum(p => p.Workflows - p.Completed);
if (incomplete > 0)
{
    Console.Error.WriteLine($"{incomplete} workflows did not complete");
    return 1;
}

return 0;
