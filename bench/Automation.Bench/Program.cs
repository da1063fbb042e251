using System.Text.Json;
using Automation.Bench;

if (args.Length > 0 && args[0] == "services")
{
    // Monitored services: probe scheduling overhead and latency (scripts/services-probe-bench.sh).
    using var servicesCts = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        servicesCts.Cancel();
    };
    return await ServicesProbeBench.RunAsync(args[1..], servicesCts.Token);
}

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
using var client = new BenchApiClient(options.Api, options.Concurrency * 2 + 16, Environment.GetEnvironmentVariable("BENCH_TOKEN"));
var pg = options.Postgres is null ? null : new PgStats(options.Postgres);
if (options.Postgres is not null)
{
    CpuSampler.Database = new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres).Database ?? CpuSampler.Database;
}

var startedAt = DateTimeOffset.UtcNow;

// The floor first, while the system is idle: same server, same database, same connection string.
FloorResult? floor = null;
var floorRunner = options.RunFloor ? new FloorRunner(options, Console.Error) : null;
if (floorRunner is not null)
{
    floor = await floorRunner.RunAsync(cts.Token);
}

var phases = new List<PhaseResult>();
var roundFailures = 0;
NoopEndpoint? noop = null;
OrleansStarter? starter = null;
BenchAgents? agents = null;
try
{
    if (!options.FloorOnly)
    {
        var httpUrl = options.HttpUrl;
        if (options.StepType == "http" && httpUrl is null)
        {
            noop = await NoopEndpoint.StartAsync(cts.Token);
            httpUrl = noop.Url;
            Console.Error.WriteLine($"no-op endpoint for the http steps listening at {httpUrl}");
        }

        if (options.StepType == "agent")
        {
            agents = await BenchAgents.StartAsync(options.Api, Environment.GetEnvironmentVariable("BENCH_TOKEN"), options.Agents, options.AgentSlots, cts.Token);
            Console.Error.WriteLine($"{options.Agents} agents of {options.AgentSlots} slots each polling for {BenchAgents.Capability}");
        }

        Console.Error.WriteLine($"registering {options.DefinitionName} ({options.Steps} {options.StepType} steps) at {options.Api}");
        await client.PutChainDefinitionAsync(options.DefinitionName, options.Steps, options.StepType, options.DelayDuration, httpUrl, cts.Token);

        if (options.StartVia == "orleans")
        {
            starter = await OrleansStarter.ConnectAsync(
                options.Postgres!,
                Environment.GetEnvironmentVariable("Orleans__ClusterId") ?? "automation", // as the silo and the API read them
                Environment.GetEnvironmentVariable("Orleans__ServiceId") ?? "automation",
                cts.Token);
            Console.Error.WriteLine("starting workflows as an Orleans client of the cluster (--start-via orleans), not over HTTP");
        }

        var runner = new BenchRunner(options, client, pg, Console.Error, starter);
        await runner.WarmUpAsync(cts.Token);
        agents?.TakeHandOffs();
        if (options.RunBurst)
        {
            var burst = await runner.RunBurstAsync(cts.Token);
            burst = agents is null ? burst : burst with { HandOff = agents.TakeHandOffs() };
            if (floorRunner is not null && options.RatioRounds > 0)
            {
                // Paired rounds: the floor measured at the start can be minutes away from the burst on a machine
                // whose speed drifts; each round measures both back to back, alternating which goes first.
                var rounds = new List<PairedRound>();
                for (var round = 1; round <= options.RatioRounds; round++)
                {
                    var floorFirst = round % 2 == 1;
                    var floorRound = floorFirst ? await floorRunner.RunBurstRoundAsync(cts.Token) : null;
                    var (system, roundIncomplete) = await runner.RunBurstRoundAsync(round, cts.Token);
                    floorRound ??= await floorRunner.RunBurstRoundAsync(cts.Token);
                    roundFailures += roundIncomplete + floorRound.Failed;
                    rounds.Add(new PairedRound(floorRound.WorkflowsPerSecond, system, floorFirst));
                    Console.Error.WriteLine($"paired round {round}: floor {floorRound.WorkflowsPerSecond:F1} wf/s, system {system:F1} wf/s, ratio {rounds[^1].Ratio:F3}");
                }

                await floorRunner.EndRoundsAsync();
                agents?.TakeHandOffs(); // the rounds' hand-offs belong to no phase
                burst = burst with { Paired = new PairedRatio(rounds) };
            }

            phases.Add(burst);
        }

        if (options.RunSequential)
        {
            // Sequential: the agents wait idle in their long-polls when each task is enqueued.
            var sequential = await runner.RunSequentialAsync(cts.Token);
            phases.Add(agents is null ? sequential : sequential with { HandOff = agents.TakeHandOffs() });
            if (options.StartWait)
            {
                // The same, with one request per workflow: POST /api/v1/workflows?wait= answers once it is final.
                var waited = await runner.RunSequentialStartWaitAsync(cts.Token);
                phases.Add(agents is null ? waited : waited with { HandOff = agents.TakeHandOffs() });
            }
        }

        options = options with { HttpUrl = httpUrl };
    }
}
finally
{
    if (noop is not null)
    {
        await noop.DisposeAsync();
    }

    if (starter is not null)
    {
        await starter.DisposeAsync();
    }

    if (agents is not null)
    {
        if (agents.FirstError is { } agentError)
        {
            Console.Error.WriteLine($"first agent error: {agentError}");
        }

        await agents.DisposeAsync();
    }
}

phases = phases.Select(p => p with { VsFloor = FloorRatios.Of(p, floor?.For(p.Mode)) }).ToList();
if (pg is not null && pg.ServerVersion == "?")
{
    await pg.ReadAsync(cts.Token); // --mode floor reads no statistics: still report the server's version
}

var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
var report = new BenchReport(
    options.ScenarioName,
    startedAt,
    options.Api.ToString(),
    options.FloorOnly ? "(none: floor only)" : options.DefinitionName,
    options.StepType,
    options.Steps,
    options.Warmup,
    machine,
    pg?.ServerVersion,
    phases,
    floor,
    options.StepType == "http" ? options.HttpUrl?.ToString() : null,
    noop?.Requests,
    options.StartVia);
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

var floorFailures = (floor?.Burst?.Failed ?? 0) + (floor?.Sequential?.Failed ?? 0);
if (floorFailures > 0)
{
    Console.Error.WriteLine($"{floorFailures} floor workflows failed");
    return 1;
}

if (roundFailures > 0)
{
    Console.Error.WriteLine($"{roundFailures} workflows of the paired rounds (system or floor) did not complete");
    return 1;
}

return 0;
