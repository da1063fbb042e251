using System.Globalization;

namespace Automation.Bench;

/// <summary>Command-line settings of one bench run.</summary>
internal sealed record BenchOptions
{
    public Uri Api { get; init; } = new("http://127.0.0.1:5000");

    public int Workflows { get; init; } = 2000;

    public int? SequentialWorkflows { get; init; }

    public int Steps { get; init; } = 5;

    public int Concurrency { get; init; } = 64;

    public string Mode { get; init; } = "both";

    /// <summary>After the sequential phase, run it again with one request per workflow (<c>POST ?wait=</c>): <c>--start-wait</c>.</summary>
    public bool StartWait { get; init; }

    public string StepType { get; init; } = "transform";

    public string DelayDuration { get; init; } = "10ms";

    /// <summary>Agents the bench runs for <c>agent</c> steps.</summary>
    public int Agents { get; init; } = 8;

    /// <summary>Tasks each bench agent holds at once (its <c>maxConcurrency</c> and poll size).</summary>
    public int AgentSlots { get; init; } = 16;

    /// <summary>URL each <c>http</c> step calls; null: the bench hosts a no-op endpoint on 127.0.0.1 and uses it.</summary>
    public Uri? HttpUrl { get; init; }

    /// <summary>Also measure the raw-PostgreSQL floor (needs <see cref="Postgres"/>) and print ratios to it.</summary>
    public bool Floor { get; init; }

    /// <summary>Single-row autocommitted writes per floor "workflow" (one INSERT, then UPDATEs of that row).</summary>
    public int FloorWrites { get; init; } = 5;

    /// <summary>Name of the scenario in the summary lines and the JSON; default the step type.</summary>
    public string? Scenario { get; init; }

    public int Warmup { get; init; } = 50;

    /// <summary>After the burst, this many paired rounds (a floor burst and a system burst back to back); needs the floor.</summary>
    public int RatioRounds { get; init; }

    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(60);

    public string? Postgres { get; init; }

    public string? JsonPath { get; init; }

    /// <summary>How workflows are started: <c>api</c> (HTTP, the default) or <c>orleans</c> (an Orleans client of the cluster, needs <see cref="Postgres"/>).</summary>
    public string StartVia { get; init; } = "api";

    public bool RunBurst => Mode is "burst" or "both" or "floor";

    public bool RunSequential => Mode is "sequential" or "both" or "floor";

    /// <summary><c>--mode floor</c>: only the raw-PostgreSQL floor, no API calls.</summary>
    public bool FloorOnly => Mode == "floor";

    public bool RunFloor => Floor || FloorOnly;

    public string ScenarioName => Scenario ?? (FloorOnly ? "floor" : StepType);

    /// <summary>Workflows run by the sequential phase: <c>--sequential-workflows</c>, else min(N, 500).</summary>
    public int SequentialCount => SequentialWorkflows ?? Math.Min(Workflows, 500);

    public string DefinitionName => $"bench-{Steps}-steps" + (StepType == "transform" ? string.Empty : $"-{StepType}");

    public const string Usage =
        """
        usage: Automation.Bench [options]
          --api URL                    API base address (default http://127.0.0.1:5000); the access token to send
                                       is read from the environment variable BENCH_TOKEN
          --workflows N                workflows in the burst phase (default 2000)
          --sequential-workflows N     workflows in the sequential phase (default min(N, 500))
          --steps K                    steps in the chain (default 5)
          --concurrency C              concurrent HTTP callers in burst mode (default 64)
          --mode burst|sequential|both|floor
                                       phases to run (default both; floor: only the raw-PostgreSQL floor, no API)
          --step-type transform|delay|http|agent
                                       step type of the chain (default transform; delay steps wait --delay;
                                       http steps call --http-url; agent steps are pulled by --agents agents the
                                       bench runs, which complete each task at once)
          --agents N                   agents for agent steps (default 8)
          --agent-slots N              tasks each agent holds at once (default 16)
          --delay DURATION             duration of each delay step (default 10ms)
          --http-url URL               URL each http step calls (default: a no-op endpoint the bench hosts on
                                       127.0.0.1 that answers {})
          --start-wait                 after the sequential phase, a "sequential-wait" phase: the same workflows
                                       started with POST /api/v1/workflows?wait= (one request per workflow
                                       instead of a start and a long-poll)
          --floor                      first measure the raw-PostgreSQL floor (needs --pg): workflows of
                                       --floor-writes single-row autocommitted writes, same workflows and
                                       concurrency as the phases; print every throughput also as a ratio to it
          --floor-writes N             writes per floor workflow (default 5)
          --ratio-rounds N             after the burst, N paired rounds: a floor burst and a system burst of the same
                                       size back to back (alternating which goes first); the burst's ratio is also
                                       given as the median of the rounds' ratios (default 0; needs --floor
                                       and a burst)
          --scenario NAME              name in the summary lines and the JSON (default the step type)
          --warmup N                   workflows run first and not counted (default 50; the floor warms up with as many floor workflows)
          --wait SECONDS               long-poll per GET (default 60)
          --pg CONNECTION-STRING       count durable writes with pg_stat_user_tables / pg_stat_database
          --json FILE                  also write the results as JSON
          --start-via api|orleans      start workflows over HTTP (default), or as an Orleans client of the cluster
                                       found through --pg's membership table (cluster and service id "automation"):
                                       the engine without the API's request in front of it; reads stay HTTP
        """;

    /// <summary>Parses the arguments; returns null and an error message when they are wrong.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        var o = new BenchOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error = string.Empty;
                return null;
            }

            if (name == "--floor")
            {
                o = o with { Floor = true };
                continue;
            }

            if (name == "--start-wait")
            {
                o = o with { StartWait = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return null;
            }

            var value = args[++i];
            try
            {
                o = name switch
                {
                    "--api" => o with { Api = new Uri(value.EndsWith('/') ? value : value + "/") },
                    "--workflows" => o with { Workflows = Positive(value) },
                    "--sequential-workflows" => o with { SequentialWorkflows = Positive(value) },
                    "--steps" => o with { Steps = Positive(value) },
                    "--concurrency" => o with { Concurrency = Positive(value) },
                    "--mode" => o with { Mode = OneOf(value, "burst", "sequential", "both", "floor") },
                    "--step-type" => o with { StepType = OneOf(value, "transform", "delay", "http", "agent") },
                    "--agents" => o with { Agents = Positive(value) },
                    "--agent-slots" => o with { AgentSlots = Positive(value) },
                    "--delay" => o with { DelayDuration = value },
                    "--http-url" => o with { HttpUrl = HttpUrlOf(value) },
                    "--floor-writes" => o with { FloorWrites = Positive(value) },
                    "--scenario" => o with { Scenario = value },
                    "--warmup" => o with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--ratio-rounds" => o with { RatioRounds = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--wait" => o with { Wait = TimeSpan.FromSeconds(Positive(value)) },
                    "--pg" => o with { Postgres = value },
                    "--json" => o with { JsonPath = value },
                    "--start-via" => o with { StartVia = OneOf(value, "api", "orleans") },
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or UriFormatException)
            {
                error = $"{name} {value}: {ex.Message}";
                return null;
            }
        }

        if (o.RatioRounds < 0 || (o.RatioRounds > 0 && (!o.Floor || !o.RunBurst || o.FloorOnly)))
        {
            error = "--ratio-rounds must be 0 or more, and needs --floor and a burst (--mode burst or both)";
            return null;
        }

        if (o.StartVia == "orleans" && (o.Postgres is null || o.StartWait))
        {
            error = "--start-via orleans needs --pg (the cluster's membership table), and not --start-wait (that phase starts over HTTP)";
            return null;
        }

        if (o.RunFloor && o.Postgres is null)
        {
            error = "--floor and --mode floor need --pg";
            return null;
        }

        return o;
    }

    private static Uri HttpUrlOf(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException("must be an absolute http:// or https:// URL");

    private static int Positive(string value)
    {
        var n = int.Parse(value, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new FormatException("must be at least 1");
    }

    private static string OneOf(string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal) ? value : throw new FormatException($"must be one of {string.Join(", ", allowed)}");
}
