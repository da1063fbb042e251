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

    public string StepType { get; init; } = "transform";

    public string DelayDuration { get; init; } = "10ms";

    public int Warmup { get; init; } = 50;

    public TimeSpan Wait { get; init; } = TimeSpan.FromSeconds(60);

    public string? Postgres { get; init; }

    public string? JsonPath { get; init; }

    public bool RunBurst => Mode is "burst" or "both";

    public bool RunSequential => Mode is "sequential" or "both";

    /// <summary>Workflows run by the sequential phase: <c>--sequential-workflows</c>, else min(N, 500).</summary>
    public int SequentialCount => SequentialWorkflows ?? Math.Min(Workflows, 500);

    public string DefinitionName => $"bench-{Steps}-steps" + (StepType == "transform" ? string.Empty : $"-{StepType}");

    public const string Usage =
        """
        usage: Automation.Bench [options]
          --api URL                    API base address (default http://127.0.0.1:5000)
          --workflows N                workflows in the burst phase (default 2000)
          --sequential-workflows N     workflows in the sequential phase (default min(N, 500))
          --steps K                    steps in the chain (default 5)
          --concurrency C              concurrent HTTP callers in burst mode (default 64)
          --mode burst|sequential|both (default both)
          --step-type transform|delay  step type of the chain (default transform; delay steps wait --delay)
          --delay DURATION             duration of each delay step (default 10ms)
          --warmup N                   workflows run first and not counted (default 50)
          --wait SECONDS               long-poll per GET (default 60)
          --pg CONNECTION-STRING       count durable writes with pg_stat_user_tables / pg_stat_database
          --json FILE                  also write the results as JSON
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
                    "--mode" => o with { Mode = OneOf(value, "burst", "sequential", "both") },
                    "--step-type" => o with { StepType = OneOf(value, "transform", "delay") },
                    "--delay" => o with { DelayDuration = value },
                    "--warmup" => o with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--wait" => o with { Wait = TimeSpan.FromSeconds(Positive(value)) },
                    "--pg" => o with { Postgres = value },
                    "--json" => o with { JsonPath = value },
                    _ => throw new FormatException($"unknown option {name}"),
                };
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or UriFormatException)
            {
                error = $"{name} {value}: {ex.Message}";
                return null;
            }
        }

        return o;
    }

    private static int Positive(string value)
    {
        var n = int.Parse(value, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new FormatException("must be at least 1");
    }

    private static string OneOf(string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal) ? value : throw new FormatException($"must be one of {string.Join(", ", allowed)}");
}
